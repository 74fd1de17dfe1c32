/**
 * The adapter's `serve` against raw bytes on its socket (real loopback, `node:net` writes): malformed request
 * lines and headers, slow clients, too many connections. Each ends that connection only, with one log line.
 */
import { rawExchange } from '@ivrkit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, serve } from '../src/index.js';

const logged: string[] = [];
let server: RunningServer;
const handler = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
beforeAll(async () => {
  server = await serve(handler, {
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 20 },
    log: (line) => logged.push(line),
  });
});
afterAll(() => server?.close());

async function stillServes(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

describe('serve over a raw socket', () => {
  it.each([
    ['a request line of junk', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n'],
    ['a NUL in a header', 'GET / HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n'],
    ['a bad chunked body', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    [
      'an absolute-form target on another host',
      'GET http://[::1/ HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n',
    ],
  ])('%s is answered 400 and closed', async (_, bytes) => {
    const answer = await rawExchange(server.port, [bytes]);
    expect(answer.status).toBe(400);
    expect(answer.closed).toBe(true);
    await stillServes();
  });

  it('logs a refused connection once, by its error code, without the bytes', () => {
    expect(logged.some((line) => /^adapter: closed a connection: HPE_/.test(line))).toBe(true);
    expect(logged.join('\n')).not.toContain('GARBAGE');
  });

  it('closes a connection whose headers trickle past the headers timeout (408)', async () => {
    const trickle = [
      'GET / HTTP/1.1\r\nHost: x\r\n',
      ...Array.from({ length: 20 }, (_, i) => `X-${i}: y\r\n`),
    ];
    const answer = await rawExchange(server.port, trickle, { gapMs: 100, waitMs: 2_000 });
    expect(answer.status).toBe(408);
    expect(answer.ms).toBeLessThan(1_500);
    await stillServes();
  });

  it('closes a connection whose body trickles past the request timeout', async () => {
    const head =
      'POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n';
    const answer = await rawExchange(server.port, [head, ...Array.from({ length: 30 }, () => ' ')], {
      gapMs: 100,
      waitMs: 2_000,
    });
    expect(answer.closed).toBe(true);
    expect(answer.ms).toBeLessThan(2_000);
    await stillServes();
  });

  it('closes connections past maxConnections at once, and serves again when they go', async () => {
    const held = Array.from({ length: 20 }, () =>
      rawExchange(server.port, ['GET / HTTP/1.1\r\nHost: x\r\n'], { waitMs: 250 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await rawExchange(server.port, ['GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], {
      waitMs: 1_000,
    });
    expect(extra.status).toBeUndefined();
    expect(extra.closed).toBe(true);
    await Promise.all(held);
    await stillServes();
    expect(logged.some((line) => line.includes('refusing connections: 20 already open'))).toBe(true);
  });

  it('logs at most 20 refusals per 10 s, and counts the rest', async () => {
    const lines: string[] = [];
    const flooded = await serve(handler, { log: (line) => lines.push(line) });
    try {
      for (let i = 0; i < 60; i += 15)
        await Promise.all(Array.from({ length: 15 }, () => rawExchange(flooded.port, ['JUNK\r\n\r\n'])));
      expect(lines).toHaveLength(20);
      expect((await fetch(`${flooded.url}/healthz`)).status).toBe(200);
    } finally {
      await flooded.close();
    }
  });

  it('has the documented defaults without overrides', async () => {
    const { LISTENER_LIMITS } = await import('@ivrkit/protocol');
    const plain = await serve(handler);
    try {
      expect(LISTENER_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
      const answer = await rawExchange(plain.port, [
        'GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ]);
      expect(answer.status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
