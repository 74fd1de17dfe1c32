import { signCallback } from '@ivrkit/protocol/auth';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryLogger,
  createMemoryStore,
  createVoiceApp,
  type RunningServer,
  type Servable,
  serve,
  type VoiceApp,
} from '../src/index.js';
import { fakeBankEngine } from './fake-engine.js';
import { incoming } from './fixtures.js';
import { credentials } from './helpers.js';

function app(path?: string) {
  return createVoiceApp({
    ...(path === undefined ? {} : { path }),
    flow: fakeBankEngine(async () => '1.00'),
    store: createMemoryStore(),
    client: {
      sendAction: async (reference_id) => ({ reference_id, status: 'action_accepted' }),
      dial: async () => ({ reference_id: 'x', status: 'dial_accepted' }),
    },
    verify: { mode: 'required', ...credentials },
    logger: createMemoryLogger(),
  });
}

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function signedInit(body: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signCallback(credentials, body) },
    body,
  };
}

/** The two ways to serve an app on node:http: the app itself (no Web objects), or its Web fetch handler. */
const servings: Array<[string, (voice: VoiceApp) => Servable]> = [
  ['serve(app)', (voice) => voice],
  ['serve(app.fetch)', (voice) => voice.fetch],
];

describe.each(servings)('node:http, %s', (_name, servable) => {
  it('serves the event URL over a real socket', async () => {
    const server = await serve(servable(app()));
    servers.push(server);
    const body = JSON.stringify(incoming());
    const response = await fetch(`${server.url}/events`, signedInit(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method: 'speak' });
  });

  it('refuses an oversized upload with 413 while it streams', async () => {
    const server = await serve(servable(app()));
    servers.push(server);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(8_192).fill(32));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers 413 with a reason to a huge declared upload, not a reset connection', async () => {
    const server = await serve(servable(app()), { maxBodyBytes: 1_000 });
    servers.push(server);
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(8_000_000),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      status: 'request_too_large',
      message: 'the body is larger than 1000 bytes (8000000 bytes or more)',
    });
  });

  it('answers health checks, unknown paths, other methods and bad signatures with a reason', async () => {
    const server = await serve(servable(app('/telesign/events')));
    servers.push(server);
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const elsewhere = await fetch(`${server.url}/other`, signedInit(JSON.stringify(incoming())));
    expect([elsewhere.status, await elsewhere.json()]).toEqual([
      404,
      { status: 'not_found', message: 'no route for /other' },
    ]);
    const get = await fetch(`${server.url}/telesign/events?x=1`);
    expect(get.status).toBe(405);
    const body = JSON.stringify(incoming());
    const forged = await fetch(`${server.url}/telesign/events?from=telesign`, {
      method: 'POST',
      headers: { 'x-ts-authorization': 'AAAA', authorization: `TSA ${credentials.customerId}:AAAA` },
      body,
    });
    expect([forged.status, await forged.json()]).toEqual([
      401,
      { status: 'not_authorized', message: 'the event signature does not match' },
    ]);
    const ok = await fetch(`${server.url}/telesign/events?from=telesign`, signedInit(body));
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toMatchObject({ method: 'speak' });
  });

  it('answers an unknown event with an empty 200', async () => {
    const server = await serve(servable(app()));
    servers.push(server);
    const body = JSON.stringify({ ...incoming(), event: 'brand_new_event' });
    const response = await fetch(`${server.url}/events`, signedInit(body));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('Hono', () => {
  it('mounts app.fetch on a route', async () => {
    const voice = app();
    const hono = new Hono();
    hono.post('/telesign/events', (c) => voice.fetch(c.req.raw));
    const body = JSON.stringify(incoming());
    const response = await hono.request('/telesign/events', signedInit(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method: 'speak' });
    const unsigned = await hono.request('/telesign/events', { method: 'POST', body });
    expect(unsigned.status).toBe(401);
  });

  it('serves Hono through the node listener too', async () => {
    const voice = app();
    const hono = new Hono();
    hono.post('/telesign/events', (c) => voice.fetch(c.req.raw));
    const server = await serve(async (request) => hono.fetch(request));
    servers.push(server);
    const response = await fetch(`${server.url}/telesign/events`, signedInit(JSON.stringify(incoming())));
    expect(await response.json()).toMatchObject({ method: 'speak' });
  });
});

describe('app.fetch', () => {
  it('answers 400 with a reason when the body stream fails mid-read', async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"event":'));
        controller.error(new Error('connection reset'));
      },
    });
    const response = await app().fetch(
      new Request('http://adapter.test/events', {
        method: 'POST',
        body: failing,
        duplex: 'half',
      } as RequestInit),
    );
    expect([response.status, await response.json()]).toEqual([
      400,
      { status: 'invalid_request', message: 'the body could not be read' },
    ]);
  });
});
