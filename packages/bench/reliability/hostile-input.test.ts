/**
 * Reliability 3 — hostile input: fast-check generated bodies and headers against the adapter's webhook handler
 * and every simulator endpoint. No crash, no 5xx, and every refusal a 4xx whose JSON body says what was wrong.
 */
import { createMemoryStore, headerReader, serve, toResponse } from '@ivrkit/adapter-http';
import { PATHS } from '@ivrkit/protocol';
import { basicAuthorization, signCallback, signRequest } from '@ivrkit/protocol/auth';
import { createSimulator } from '@ivrkit/simulator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBenchApp } from '../src/bench-app.js';
import { BENCH_CREDENTIALS, BENCH_NUMBER } from '../src/credentials.js';
import {
  contentTypeArb,
  hostileBodyArb,
  junkHeaderValueArb,
  type SignatureKind,
  signatureKindArb,
} from './hostile-arbitraries.js';
import { reportFigures } from './report.js';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 2_500);

/** What is wrong with a response, or `undefined` when it is an acceptable answer. */
async function problemWith(response: Response): Promise<string | undefined> {
  const text = await response.text();
  if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 200)}`;
  if (response.status < 400) return undefined;
  let body: { message?: unknown; status?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `HTTP ${response.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 100))}`;
  }
  if (typeof body.message !== 'string' || body.message.trim() === '')
    return `HTTP ${response.status} without a message: ${text.slice(0, 200)}`;
  return undefined;
}

function callbackHeaders(kind: SignatureKind, body: string, other: string): Record<string, string> {
  const valid = signCallback(BENCH_CREDENTIALS, body);
  switch (kind) {
    case 'valid':
      return { ...valid };
    case 'forged':
      return {
        Authorization: `TSA ${BENCH_CREDENTIALS.customerId}:${Buffer.from(body.slice(0, 32)).toString('base64')}`,
      };
    case 'other-customer':
      return { Authorization: valid.Authorization.replace(BENCH_CREDENTIALS.customerId, 'SOMEONE-ELSE') };
    case 'malformed':
      return { Authorization: `TSA${body.slice(0, 20).replace(/[^\x20-\x7e]/g, '')}` };
    case 'replayed':
      return { ...signCallback(BENCH_CREDENTIALS, other) };
    case 'x-ts-only-valid':
      return { 'X-TS-Authorization': valid['X-TS-Authorization'] };
    case 'x-ts-forged':
      return { 'X-TS-Authorization': 'AAAA' };
    case 'mismatched-pair':
      return {
        Authorization: valid.Authorization,
        'X-TS-Authorization': signCallback(BENCH_CREDENTIALS, other)['X-TS-Authorization'],
      };
    case 'missing':
      return {};
  }
}

const tried = { adapter: 0, adapterHttp: 0, simulator: 0 };
const hugeUploads: string[] = [];
const statuses = { adapter: new Map<number, number>(), simulator: new Map<number, number>() };
const count = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);

describe('reliability: hostile input', () => {
  it('the adapter webhook handler answers every input with 2xx or a 4xx that says why', async () => {
    const app = createBenchApp(createMemoryStore());
    await fc.assert(
      fc.asyncProperty(
        hostileBodyArb,
        signatureKindArb,
        contentTypeArb,
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('POST') },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH') },
        ),
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('/events') },
          { weight: 1, arbitrary: fc.constantFrom('/', '/healthz', '/events/../x', '/%00') },
        ),
        junkHeaderValueArb,
        fc.boolean(),
        async (body, kind, contentType, method, path, junk, viaHandle) => {
          tried.adapter++;
          const headers: Record<string, string> = {
            ...callbackHeaders(kind, body, `${body} `),
            'x-junk': junk,
          };
          if (contentType !== undefined) headers['content-type'] = contentType;
          const hasBody = method !== 'GET';
          // Half the inputs go through app.handle (what serve(app) runs), half through app.fetch.
          const response = viaHandle
            ? toResponse(
                await app.handle({
                  method,
                  path,
                  headers: headerReader(headers),
                  body: hasBody ? body : '',
                }),
              )
            : await app.fetch(
                new Request(`http://adapter.test${path}`, { method, headers, ...(hasBody ? { body } : {}) }),
              );
          count(statuses.adapter, response.status);
          const problem = await problemWith(response);
          if (problem) throw new Error(problem);
          const signedRight = kind === 'valid' || kind === 'x-ts-only-valid';
          if (method === 'POST' && !signedRight && response.status < 400 && path !== '/healthz')
            throw new Error(`a ${kind} signature was accepted (HTTP ${response.status})`);
        },
      ),
      { numRuns: RUNS, seed: 8_2026 },
    );
    await app.close();
  });

  it('the adapter over node:http survives huge, truncated and slow bodies', async () => {
    const app = createBenchApp(createMemoryStore());
    const server = await serve(app);
    try {
      for (const size of [70_000, 1_000_000, 8_000_000]) {
        tried.adapterHttp++;
        const body = `{"event":"incoming_call","pad":"${'x'.repeat(size)}"}`;
        let status: number | string;
        try {
          const response = await fetch(`${server.url}/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...signCallback(BENCH_CREDENTIALS, body) },
            body,
          });
          status = response.status;
          expect(await problemWith(response)).toBeUndefined();
        } catch (error) {
          // The server answers 413 before the upload ends and does not read the rest: a client still sending
          // sees the connection reset instead of the answer. Acceptable only for bodies far past any event.
          status = String((error as { cause?: { code?: string } }).cause?.code ?? error);
        }
        hugeUploads.push(`${size} B → ${status}`);
        if (size <= 1_000_000) expect(status).toBe(413);
        else expect([413, 'ECONNRESET', 'EPIPE']).toContain(status);
        // The server is still there, and answers the next request.
        tried.adapterHttp++;
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
      }
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('every simulator endpoint answers every input with 2xx or a 4xx that says why', async () => {
    const sim = createSimulator({
      credentials: BENCH_CREDENTIALS,
      eventUrl: 'http://customer.test/events',
      fetch: async () => new Response(null, { status: 200 }),
    });
    const seeded = sim.placeInboundCall({ to: BENCH_NUMBER, from: '15558675309' }).reference_id;
    const usedNonce = 'A1592C6F-E384-4CDB-BC42-C3AB970369E9';
    signRequest(BENCH_CREDENTIALS, { method: 'GET', path: PATHS.callQuery, nonce: usedNonce });
    const pathArb = fc.oneof(
      {
        weight: 9,
        arbitrary: fc.constantFrom(
          PATHS.voice,
          PATHS.callQuery,
          `${PATHS.callQuery}/${seeded}`,
          `${PATHS.callQuery}/${seeded}/events?after=0`,
          `${PATHS.callQuery}/${seeded}/events?after=-1`,
          `${PATHS.callQuery}?state=bogus`,
          `${PATHS.phoneNumberSearch}?country_iso2=US&voice_capable=true`,
          `${PATHS.phoneNumberSearch}?country_iso2=%F0%9F`,
          PATHS.phoneNumberLeases,
          `${PATHS.phoneNumberLeases}/nope`,
          PATHS.callRecordings,
          `${PATHS.callRecordings}?start_date_time=yesterday&pagesize=-5`,
          `${PATHS.callRecordings}/${seeded}`,
          PATHS.eventSocket,
          `${PATHS.simulatorControl}/state`,
          `${PATHS.simulatorControl}/calls`,
          `${PATHS.simulatorControl}/calls/${seeded}`,
          `${PATHS.simulatorControl}/calls/${seeded}/transcript`,
          `${PATHS.simulatorControl}/calls/${seeded}/press`,
          `${PATHS.simulatorControl}/calls/${seeded}/event-url`,
          `${PATHS.simulatorControl}/calls/unknown/hangup`,
          `${PATHS.simulatorControl}/callees/15550001111`,
          `${PATHS.simulatorControl}/clock/advance`,
          `${PATHS.simulatorControl}/violations`,
          `${PATHS.simulatorControl}/recordings/x.wav`,
          '/nowhere',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}`),
      },
    );
    const authArb = fc.constantFrom(
      'basic',
      'tsa',
      'tsa',
      'stale',
      'replayed-nonce',
      'forged',
      'wrong-key',
      'none',
    );
    await fc.assert(
      fc.asyncProperty(
        pathArb,
        fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH'),
        hostileBodyArb,
        authArb,
        contentTypeArb,
        async (target, method, body, auth, contentType) => {
          tried.simulator++;
          const path = target.split('?')[0] as string;
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const sent = hasBody ? body : '';
          const headers: Record<string, string> = {};
          if (auth === 'basic') headers.Authorization = basicAuthorization(BENCH_CREDENTIALS);
          if (auth === 'wrong-key')
            headers.Authorization = basicAuthorization({ ...BENCH_CREDENTIALS, apiKey: 'd3JvbmcK' });
          if (auth === 'tsa' || auth === 'stale' || auth === 'replayed-nonce' || auth === 'forged') {
            const signed = signRequest(BENCH_CREDENTIALS, {
              method,
              path,
              body: sent,
              ...(contentType ? { contentType } : {}),
              ...(auth === 'stale' ? { date: new Date(Date.now() - 20 * 60_000).toUTCString() } : {}),
              ...(auth === 'replayed-nonce' ? { nonce: usedNonce } : {}),
            });
            Object.assign(headers, signed);
            if (auth === 'forged') headers.Authorization = `TSA ${BENCH_CREDENTIALS.customerId}:Zm9yZ2Vk`;
          }
          if (contentType !== undefined) headers['Content-Type'] = contentType;
          const response = await sim.fetch(
            new Request(`http://sim.test${target}`, { method, headers, ...(hasBody ? { body: sent } : {}) }),
          );
          count(statuses.simulator, response.status);
          const problem = await problemWith(response);
          if (problem) throw new Error(`${method} ${target} (${auth}): ${problem}`);
          const rest = !target.startsWith(PATHS.simulatorControl);
          const badAuth = auth === 'stale' || auth === 'forged' || auth === 'wrong-key' || auth === 'none';
          if (rest && badAuth && response.status < 400)
            throw new Error(
              `${method} ${target} with ${auth} credentials was accepted (HTTP ${response.status})`,
            );
        },
      ),
      { numRuns: RUNS, seed: 8_2026 },
    );
    await sim.close();
  });

  it('reports how many inputs were tried', async () => {
    const spread = (map: Map<number, number>) =>
      [...map]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
    await reportFigures('Reliability 3 — hostile input', [
      {
        key: 'hostile.inputsTried',
        label: 'hostile inputs tried (adapter + simulator), none crashed or got a 5xx',
        value: tried.adapter + tried.adapterHttp + tried.simulator,
        unit: 'inputs',
        note: `adapter handler ${tried.adapter} (${spread(statuses.adapter)}); adapter over node:http ${tried.adapterHttp} (huge uploads: ${hugeUploads.join(', ')}); simulator ${tried.simulator} (${spread(statuses.simulator)})`,
      },
    ]);
    expect(tried.adapter + tried.simulator).toBeGreaterThanOrEqual(2 * RUNS);
  });
});
