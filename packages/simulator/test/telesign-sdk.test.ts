import { createRequire } from 'node:module';
import { PATHS } from '@ivrkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_CREDENTIALS } from '../src/index.js';
import { type NodeServer, serveNode } from '../src/node-server.js';

// TeleSign's own Node SDK, unchanged: its generic RestClient signs requests with TSA HMAC (or Basic), and its
// FetchRequestWrapper sends them. Quirks: its default Content-Type is form-encoded; with JSON it signs a "{}"
// body for GET requests it sends without one; its FetchRequestWrapper drops the HTTP status and does not
// support DELETE; its timeout timer is never cleared (hence the short timeout below).
const require = createRequire(import.meta.url);
type Callback = (error: unknown, body: Record<string, unknown>) => void;
interface RestClient {
  execute(
    callback: Callback,
    method: string,
    resource: string,
    params?: Record<string, unknown> | null,
    authMethod?: string | null,
  ): void;
  setContentType(contentType: string): void;
}
const { FetchRequestWrapper } = require('telesignsdk/src/RequestWrapper.js') as {
  FetchRequestWrapper: new (fetch?: typeof globalThis.fetch) => unknown;
};
const RestClientClass = require('telesignsdk/src/RestClient.js') as new (
  wrapper: unknown,
  customerId: string,
  apiKey: string,
  endpoint: string,
  timeout: number,
) => RestClient;

function client(endpoint: string, apiKey = DEMO_CREDENTIALS.apiKey): RestClient {
  return new RestClientClass(
    new FetchRequestWrapper(globalThis.fetch),
    DEMO_CREDENTIALS.customerId,
    apiKey,
    endpoint,
    2_000,
  );
}

function call(
  rest: RestClient,
  method: string,
  resource: string,
  params: Record<string, unknown> | null = null,
  authMethod: string | null = null,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    rest.execute(
      (error, body) => (error ? reject(error) : resolve(body)),
      method,
      resource,
      params,
      authMethod,
    );
  });
}

const sim = createSimulator({ numbers: ['15554441313'], clock: 'real' });
let server: NodeServer;
beforeAll(async () => {
  server = await serveNode(sim.fetch, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await sim.close();
  await server.close();
});

const dial = {
  method: 'dial',
  params: { to: '15555551212', caller_id_number: '15554441313', external_id: 'ext-1' },
};

describe("TeleSign's Node SDK against the simulator over loopback HTTP", () => {
  it('dials with TSA HMAC: 202 dial_accepted with a reference_id and the external_id echoed', async () => {
    const rest = client(server.url);
    rest.setContentType('application/json');
    const body = await call(rest, 'POST', PATHS.voice, dial);
    expect(body).toMatchObject({ status: 'dial_accepted', external_id: 'ext-1' });
    expect(body.reference_id).toMatch(/^[0-9A-F]{32}$/);
    expect(sim.call(body.reference_id as string)?.direction).toBe('outbound');
  });

  it('dials with Basic authentication', async () => {
    const rest = client(server.url);
    rest.setContentType('application/json');
    const body = await call(rest, 'POST', PATHS.voice, dial, 'Basic');
    expect(body.status).toBe('dial_accepted');
  });

  it('searches numbers with the JSON content type (the SDK signs a "{}" body it does not send)', async () => {
    const rest = client(server.url);
    rest.setContentType('application/json');
    const body = await call(rest, 'GET', PATHS.phoneNumberSearch, {
      country_iso2: 'US',
      voice_capable: 'true',
    });
    expect(Array.isArray(body.data)).toBe(true);
    expect((body.data as unknown[]).length).toBeGreaterThan(0);
  });

  it('searches and leases a number with the default form-encoded content type', async () => {
    const rest = client(server.url);
    const search = await call(rest, 'GET', PATHS.phoneNumberSearch, {
      country_iso2: 'US',
      voice_capable: 'true',
    });
    const number = (search.data as Array<{ phone_number: string }>)[0]?.phone_number as string;
    const lease = await call(rest, 'POST', PATHS.phoneNumberLeases, {
      country_iso2: 'US',
      phone_number: number,
    });
    expect(lease).toMatchObject({ data: [{ phone_number: number, capabilities: { voice: true } }] });
    expect(sim.numbers()).toContain(number);
  });

  it('refuses a wrong API key with 401 not_authorized', async () => {
    const rest = client(server.url, Buffer.from('not the key').toString('base64'));
    rest.setContentType('application/json');
    const body = await call(rest, 'POST', PATHS.voice, dial);
    expect(body).toMatchObject({ reference_id: '', status: 'not_authorized' });
  });

  it('refuses a replayed signed request (same nonce) with 401 not_authorized', async () => {
    const { generateTeleSignHeaders } = RestClientClass as unknown as {
      generateTeleSignHeaders(...args: unknown[]): Record<string, string>;
    };
    const body = JSON.stringify(dial);
    const headers = generateTeleSignHeaders(
      DEMO_CREDENTIALS.customerId,
      DEMO_CREDENTIALS.apiKey,
      'POST',
      PATHS.voice,
      'application/json',
      body,
    );
    const first = await fetch(`${server.url}${PATHS.voice}`, { method: 'POST', headers, body });
    const second = await fetch(`${server.url}${PATHS.voice}`, { method: 'POST', headers, body });
    expect(first.status).toBe(202);
    expect(second.status).toBe(401);
    expect(await second.json()).toMatchObject({ status: 'not_authorized' });
  });

  it('cancels a lease with SDK-signed DELETE headers (its fetch wrapper has no DELETE)', async () => {
    const { generateTeleSignHeaders } = RestClientClass as unknown as {
      generateTeleSignHeaders(...args: unknown[]): Record<string, string>;
    };
    const rest = client(server.url);
    const lease = await call(rest, 'POST', PATHS.phoneNumberLeases, {
      country_iso2: 'US',
      phone_number: '15550100007',
    });
    const leaseId = (lease.data as Array<{ lease: { lease_id: string } }>)[0]?.lease.lease_id as string;
    const resource = `${PATHS.phoneNumberLeases}/${leaseId}`;
    const headers = generateTeleSignHeaders(
      DEMO_CREDENTIALS.customerId,
      DEMO_CREDENTIALS.apiKey,
      'DELETE',
      resource,
      '',
      null,
    );
    const response = await fetch(`${server.url}${resource}`, { method: 'DELETE', headers });
    expect(response.status).toBe(200);
    expect(sim.numbers()).not.toContain('15550100007');
  });
});
