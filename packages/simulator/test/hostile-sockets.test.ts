/**
 * Raw bytes on the simulator's own socket (real loopback, `node:net` writes): malformed WebSocket frames after a
 * valid upgrade, malformed `Host` headers, other names in `Host`, slow clients and too many connections. Each ends
 * that one connection; the server answers the next request.
 */
import { PATHS } from '@ivrkit/protocol';
import { basicAuthorization } from '@ivrkit/protocol/auth';
import { HOSTILE_FRAMES, HOSTILE_HOSTS, rawExchange, upgradeRequest } from '@ivrkit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_CREDENTIALS, type Simulator } from '../src/index.js';
import { type ServedSimulator, serveSimulator } from '../src/node.js';

let sim: Simulator;
let served: ServedSimulator;
const logged: string[] = [];

beforeAll(async () => {
  sim = createSimulator({ clock: 'real', offer: { eventSocket: true } });
  served = await serveSimulator(sim, {
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 },
    log: (line) => logged.push(line),
  });
});
afterAll(() => served?.close());

async function stillServes(): Promise<void> {
  const response = await fetch(`${served.url}${PATHS.simulatorControl}/state`);
  expect(response.status).toBe(200);
}

const hostHeader = () => `127.0.0.1:${served.port}`;
const validUpgrade = () =>
  upgradeRequest({
    path: PATHS.eventSocket,
    host: hostHeader(),
    headers: { Authorization: basicAuthorization(DEMO_CREDENTIALS) },
  });

describe('the simulator over a raw socket', () => {
  it.each(Object.entries(HOSTILE_FRAMES))(
    'a %s after a valid upgrade closes only that socket',
    async (_, frame) => {
      const answer = await rawExchange(served.port, [validUpgrade(), frame], { waitMs: 2_000 });
      expect(answer.status).toBe(101);
      expect(answer.closed).toBe(true);
      await stillServes();
    },
  );

  it('logs a closed WebSocket once, by its error code, without the bytes', () => {
    expect(logged.some((line) => /simulator: closed a WebSocket: WS_ERR_EXPECTED_MASK/.test(line))).toBe(
      true,
    );
  });

  it.each(Object.entries(HOSTILE_HOSTS))(
    'an upgrade with a Host with %s is refused with 400',
    async (_, host) => {
      const answer = await rawExchange(served.port, [upgradeRequest({ path: PATHS.eventSocket, host })]);
      expect(answer.status).toBe(400);
      await stillServes();
    },
  );

  it.each(Object.entries(HOSTILE_HOSTS))('a request with a Host with %s is answered 400', async (_, host) => {
    const answer = await rawExchange(served.port, [
      `GET ${PATHS.simulatorControl}/state HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    ]);
    expect(answer.status).toBe(400);
    await stillServes();
  });

  it('refuses another name in Host (DNS rebinding) with 403, and accepts IP addresses and localhost', async () => {
    const ask = (host: string, path = `${PATHS.simulatorControl}/calls`) =>
      rawExchange(served.port, [`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    const refused = await ask(`rebind.example:${served.port}`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('not allowed');
    expect((await ask(`localhost:${served.port}`)).status).toBe(200);
    expect((await ask(`127.0.0.1:${served.port}`)).status).toBe(200);
    const upgrade = await rawExchange(served.port, [
      upgradeRequest({ path: PATHS.eventSocket, host: `rebind.example:${served.port}` }),
    ]);
    expect(upgrade.status).toBe(403);
  });

  it('closes a connection whose headers trickle past the headers timeout', async () => {
    const line = `GET ${PATHS.simulatorControl}/state HTTP/1.1\r\nHost: ${hostHeader()}\r\n`;
    const trickle = [line, ...Array.from({ length: 20 }, (_, i) => `X-Slow-${i}: y\r\n`)];
    const answer = await rawExchange(served.port, trickle, { gapMs: 100, waitMs: 2_000 });
    expect(answer.closed).toBe(true);
    expect(answer.status).toBe(408);
    expect(answer.ms).toBeLessThan(1_500);
    await stillServes();
  });

  it('closes a connection whose body trickles past the request timeout', async () => {
    const head =
      `POST ${PATHS.simulatorControl}/calls HTTP/1.1\r\nHost: ${hostHeader()}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    const answer = await rawExchange(served.port, [head, ...Array.from({ length: 30 }, () => ' ')], {
      gapMs: 100,
      waitMs: 2_000,
    });
    expect(answer.closed).toBe(true);
    expect(answer.ms).toBeLessThan(2_500);
    await stillServes();
  });
});

describe('limits and long-lived sockets', () => {
  it('a WebSocket stays open past the request and headers timeouts (they bound HTTP requests only)', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(served.socketUrl, {
      headers: { Authorization: basicAuthorization(DEMO_CREDENTIALS) },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const pong = new Promise<void>((resolve) => ws.once('pong', () => resolve()));
    ws.ping();
    await pong;
    ws.close();
  });
});

describe('the connection cap', () => {
  it('counts open WebSockets', async () => {
    const { default: WebSocket } = await import('ws');
    const capped = createSimulator({ clock: 'real', offer: { eventSocket: true } });
    const server = await serveSimulator(capped, { limits: { maxConnections: 2 }, log: () => {} });
    const sockets = Array.from(
      { length: 2 },
      () =>
        new WebSocket(server.socketUrl, { headers: { Authorization: basicAuthorization(DEMO_CREDENTIALS) } }),
    );
    try {
      await Promise.all(sockets.map((ws) => new Promise((resolve) => ws.once('open', resolve))));
      const extra = await rawExchange(
        server.port,
        [`GET ${PATHS.simulatorControl}/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`],
        { waitMs: 500 },
      );
      expect(extra.status).toBeUndefined();
    } finally {
      for (const ws of sockets) ws.terminate();
      await server.close();
    }
  });

  it('closes connections past maxConnections as they arrive, and serves again once they close', async () => {
    const capped = createSimulator({ clock: 'real', offer: { eventSocket: true } });
    const server = await serveSimulator(capped, { limits: { maxConnections: 3 }, log: () => {} });
    try {
      const idle = Array.from({ length: 3 }, () =>
        rawExchange(server.port, [`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n`], { waitMs: 800 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const extra = await rawExchange(
        server.port,
        [`GET ${PATHS.simulatorControl}/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`],
        { waitMs: 500 },
      );
      expect(extra.status).toBeUndefined();
      expect(extra.closed).toBe(true);
      await Promise.all(idle);
      const after = await fetch(`${server.url}${PATHS.simulatorControl}/state`);
      expect(after.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
