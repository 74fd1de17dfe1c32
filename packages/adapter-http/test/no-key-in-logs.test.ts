/**
 * No log line carries the API key, in any of its forms: every line logged at `debug` during whole calls over
 * each transport (a real simulator), and while the client talks to a hostile upstream that echoes the request's
 * `Authorization` in its error bodies, redirects, or answers garbage (real loopback HTTP), is searched for the key,
 * its base64 and base64url re-encodings and the Basic pair.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bankFlow } from '@ivrkit/machines/examples';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryLogger,
  createMemoryStore,
  createPollingTransport,
  createTeleSignClient,
  createVoiceApp,
} from '../src/index.js';
import { type Harness, type Mode, startHarness } from './e2e/harness.js';

function formsOf(customerId: string, apiKey: string): string[] {
  const bytes = Buffer.from(apiKey, 'base64');
  return [
    apiKey,
    bytes.toString('base64url'),
    bytes.toString('hex'),
    Buffer.from(`${customerId}:${apiKey}`).toString('base64'),
    `${customerId}:${apiKey}`,
  ];
}

function expectNoForms(lines: readonly unknown[], forms: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const text = JSON.stringify(line);
    for (const form of forms)
      expect(text, `a log line carries the key: ${text.slice(0, 300)}`).not.toContain(form);
    expect(text).not.toMatch(/(Basic|TSA) (?!\[redacted\])[A-Za-z0-9+/=:_-]{8,}/);
  }
}

const harnesses: Harness[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('the key in log lines', () => {
  it.each<Mode>(['http', 'websocket', 'polling'])('never appears in a whole call over %s', async (mode) => {
    const h = await startHarness({ mode, flow: bankFlow });
    harnesses.push(h);
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: {
        rules: [
          { says: 'Welcome to Example Bank', press: '1' },
          { says: 'account number', press: '12345678' },
        ],
      },
    });
    await h.run();
    expect(h.logger.records.some((r) => r.reference_id === call.reference_id)).toBe(true);
    expectNoForms(h.logger.records, formsOf(h.sim.credentials.customerId, h.sim.credentials.apiKey));
  });

  it('never appears while the client talks to an upstream that echoes it, redirects or answers garbage', async () => {
    const customerId = 'CUSTOMER-0002';
    const apiKey = Buffer.from('a-key-for-the-log-test-0123456789').toString('base64');
    let answer = 0;
    const server = createServer((req, res) => {
      answer++;
      const echo = JSON.stringify({
        status: 'internal_error',
        message: `echo ${req.headers.authorization}`,
        headers: req.headers,
      });
      if (answer % 3 === 0) {
        res.writeHead(307, { location: `http://user:${apiKey}@elsewhere.example/` });
        res.end();
      } else if (answer % 3 === 1) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(echo);
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`not json ${req.headers.authorization} ${echo}`);
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const auth of ['basic', 'digest'] as const) {
      const logger = createMemoryLogger('debug');
      const client = createTeleSignClient({
        customerId,
        apiKey,
        baseUrl,
        auth,
        retry: { limit: 1, backoffMs: 1 },
        env: {},
        onRetry: (info) => logger.warn({ error: info.error, url: info.url }, 'retrying'),
      });
      const store = createMemoryStore();
      const app = createVoiceApp({ flow: bankFlow, client, store, logger, verify: 'off', env: {} });
      const poller = createPollingTransport({ client, store, logger });
      poller.bind(app.runtime);
      for (let i = 0; i < 6; i++)
        await poller.poll().catch((error: unknown) => logger.error({ error }, 'poll'));
      await app.dial({ to: '15555551212', caller_id_number: '15554441313' }).catch((error: unknown) => {
        logger.error({ error, message: (error as Error).message }, 'dial failed');
      });
      expect(logger.records.some((r) => r.level === 'error' || r.level === 'warn')).toBe(true);
      expectNoForms(logger.records, formsOf(customerId, apiKey));
      await app.close();
    }
  });
});
