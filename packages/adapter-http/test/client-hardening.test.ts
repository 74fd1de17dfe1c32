/**
 * The TeleSign client against a hostile or broken upstream, over real loopback HTTP (the global fetch, as users
 * run it): redirects are errors and are not followed, answers are read within a limit (after decompression),
 * error bodies are summarised without credentials, a dial accepted without a reference id is an error, and
 * unusable credentials are refused at start.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CredentialsError } from '@ivrkit/protocol/auth';
import { afterEach, describe, expect, it } from 'vitest';
import { scrubSecrets } from '../src/client/response-body.js';
import {
  createMemoryStore,
  createTeleSignClient,
  createVoiceApp,
  HttpError,
  RedirectError,
  ResponseTooLargeError,
  UnexpectedResponseError,
} from '../src/index.js';
import { fakeBankEngine } from './fake-engine.js';

/** A key long enough to be usable, and every form of it that must never be repeated. */
const KEY = Buffer.from('the-test-api-key-0123456789abcdef').toString('base64');
const CUSTOMER = 'CUSTOMER-0001';
const keyForms = [
  KEY,
  Buffer.from(KEY, 'base64').toString('base64url'),
  Buffer.from(`${CUSTOMER}:${KEY}`).toString('base64'),
];

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function upstream(handler: Handler): Promise<{ url: string; hits: IncomingMessage[] }> {
  const hits: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    hits.push(req);
    let body = '';
    req.on('data', (chunk) => {
      body += String(chunk);
    });
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const clientOf = (baseUrl: string, extra: Parameters<typeof createTeleSignClient>[0] = {}) =>
  createTeleSignClient({ customerId: CUSTOMER, apiKey: KEY, baseUrl, retry: 0, env: {}, ...extra });
const dialParams = { to: '15555551212', caller_id_number: '15554441313' };

function expectNoKey(text: string): void {
  for (const form of keyForms) expect(text).not.toContain(form);
}

describe('redirects', () => {
  it.each([307, 308, 302, 301])(
    'a %i to another origin is an error naming where it pointed, and nothing reaches it',
    async (status) => {
      const elsewhere = await upstream((_, res) => res.end('{"reference_id":"stolen"}'));
      const first = await upstream((_, res) => {
        res.writeHead(status, { location: `${elsewhere.url}/v2/voice` });
        res.end();
      });
      for (const auth of ['basic', 'digest'] as const) {
        const error = await clientOf(first.url, { auth })
          .dial(dialParams)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RedirectError);
        expect((error as RedirectError).location).toBe(`${elsewhere.url}/v2/voice`);
        expect((error as Error).message).toContain(
          `redirected (HTTP ${status}) to ${elsewhere.url}/v2/voice`,
        );
      }
      expect(elsewhere.hits).toHaveLength(0);
    },
  );

  it('a redirect to the same host is not followed either (it would keep Authorization)', async () => {
    const server = await upstream((req, res) => {
      if (req.url === '/v2/voice') {
        res.writeHead(308, { location: '/other' });
        res.end();
      } else res.end('{"reference_id":"x"}');
    });
    const error = await clientOf(server.url, { auth: 'basic' })
      .dial(dialParams)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(server.hits.map((hit) => hit.url)).toEqual(['/v2/voice']);
  });

  it('a Location with credentials is named without them', async () => {
    const server = await upstream((_, res) => {
      res.writeHead(307, { location: 'https://user:secret@evil.example/x' });
      res.end();
    });
    const error = (await clientOf(server.url)
      .calls.list()
      .catch((e: unknown) => e)) as RedirectError;
    expect(error.location).toBe('https://evil.example/x');
    expect(error.message).not.toContain('secret');
  });
});

describe('response size', () => {
  it('refuses an answer whose Content-Length passes the limit, without reading it', async () => {
    const server = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 50_000_000 });
      res.write('{"calls":[');
      // Never finishes: the client must not wait for 50 MB.
    });
    const error = await clientOf(server.url, { maxResponseBytes: 64 * 1024 })
      .calls.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toContain('more than 65536 bytes');
  });

  it('stops reading a streamed answer at the limit', async () => {
    const server = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 500 && res.write(chunk)) sent++;
        if (sent < 500) res.once('drain', more);
        else res.end();
      };
      more();
    });
    const error = await clientOf(server.url)
      .calls.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it('counts bytes after decompression: a small gzip bomb stops at the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const server = await upstream((_, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      });
      res.end(bomb);
    });
    const before = process.memoryUsage().rss;
    const error = await clientOf(server.url)
      .calls.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });
});

describe('upstream error bodies', () => {
  it('summarises an error body and never repeats the credentials it echoes', async () => {
    const server = await upstream((req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(
        `<html><body>Bad gateway. Your request: ${JSON.stringify(req.headers)} ${'filler '.repeat(2_000)}</body></html>`,
      );
    });
    for (const auth of ['basic', 'digest'] as const) {
      const error = (await clientOf(server.url, { auth })
        .dial(dialParams)
        .catch((e: unknown) => e)) as HttpError;
      expect(error).toBeInstanceOf(HttpError);
      expect(error.message.length).toBeLessThan(400);
      expect(typeof error.body).toBe('string');
      expect((error.body as string).length).toBeLessThan(300);
      expectNoKey(`${error.message} ${String(error.body)} ${JSON.stringify(error)}`);
      expect(String(error.body)).not.toMatch(/Basic [A-Za-z0-9+/=]{8}|TSA [^ [\]]{8}/);
    }
  });

  it('removes the key from a JSON error message that echoes it', async () => {
    const server = await upstream((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ status: 'unauthorized', message: `bad key ${KEY} in ${req.headers.authorization}` }),
      );
    });
    const error = (await clientOf(server.url, { auth: 'basic' })
      .dial(dialParams)
      .catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe('unauthorized');
    expect(error.message).toContain('[redacted]');
    expectNoKey(`${error.message} ${JSON.stringify(error.body)}`);
  });
});

describe('scrubSecrets', () => {
  it('removes every given form and any credential-like Basic/TSA/Bearer token, and keeps prose', () => {
    expect(scrubSecrets(`key ${KEY} here`, [KEY])).toBe('key [redacted] here');
    expect(scrubSecrets('Authorization: Basic Y3VzdDpzZWNyZXQ=', [])).toBe('Authorization: Basic [redacted]');
    expect(scrubSecrets('TSA CUST:abc123/xyz=', [])).toBe('TSA [redacted]');
    expect(scrubSecrets('Basic authentication failed', [])).toBe('Basic authentication failed');
  });
});

describe('a dial accepted without a reference id', () => {
  it.each([
    ['a body that is not JSON', 'Accepted'],
    ['an empty body', ''],
    ['JSON without reference_id', '{"status":"dial_accepted"}'],
  ])('202 with %s is an UnexpectedResponseError', async (_, body) => {
    const server = await upstream((_req, res) => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(body);
    });
    const error = await clientOf(server.url)
      .dial(dialParams)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/answered HTTP 202 without a JSON body with a reference_id/);
  });
});

describe('a dial accepted without a reference id, through the app', () => {
  it('rejects and saves no record (once saved as call:undefined)', async () => {
    const server = await upstream((_req, res) => {
      res.writeHead(202, { 'content-type': 'text/html' });
      res.end('<html>Accepted</html>');
    });
    const store = createMemoryStore();
    const app = createVoiceApp({
      flow: fakeBankEngine(async () => 0),
      client: clientOf(server.url),
      store,
      verify: 'off',
      env: {},
    });
    await expect(app.dial(dialParams)).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(await store.keys('')).toEqual([]);
    await app.close();
  });
});

describe('credentials checked at start', () => {
  it.each([
    ['whitespace', '   ', /whitespace/],
    ['a trailing newline', `${KEY}\n`, /whitespace/],
    ['not base64', 'not-base64!!', /not base64/],
    ['a 1-byte key', 'QQ==', /too short: 1 byte once decoded/],
  ])('a key with %s is a CredentialsError naming the problem, not the key', (_, apiKey, message) => {
    for (const make of [
      () => createTeleSignClient({ customerId: CUSTOMER, apiKey, env: {} }),
      () =>
        createVoiceApp({
          flow: fakeBankEngine(async () => 0),
          client: createTeleSignClient({ customerId: CUSTOMER, apiKey: KEY, env: {} }),
          store: createMemoryStore(),
          verify: 'required',
          env: { TELESIGN_CUSTOMER_ID: CUSTOMER, TELESIGN_API_KEY: apiKey },
        }),
    ]) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CredentialsError);
      expect((thrown as Error).message).toMatch(message);
      if (apiKey.trim().length >= 4) expect((thrown as Error).message).not.toContain(apiKey.trim());
    }
  });
});
