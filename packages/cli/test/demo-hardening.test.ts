/**
 * The demo origin against what a hostile client or web page can send (real loopback sockets, raw `node:net`
 * writes): malformed WebSocket frames and upgrades, other host names (DNS rebinding), other origins on the live
 * feed, and state changes without a JSON body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS } from '@ivrkit/protocol';
import { basicAuthorization } from '@ivrkit/protocol/auth';
import { HOSTILE_FRAMES, HOSTILE_HOSTS, rawExchange, upgradeRequest } from '@ivrkit/protocol/testing';
import { DEMO_CREDENTIALS } from '@ivrkit/simulator';
import { DEMO_API_PATH, LIVE_PATH } from '@ivrkit/softphone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INBOUND, DEMO_OUTBOUND } from '../src/demo/demo-flows.js';
import { type DemoStack, startDemoStack } from '../src/demo/stack.js';

const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-demo-hardening-'));
let stack: DemoStack;
let port: number;
beforeAll(async () => {
  stack = await startDemoStack({
    inbound: DEMO_INBOUND,
    outbound: DEMO_OUTBOUND,
    dataDir: join(scratch, 'demo'),
    ui: false,
  });
  port = Number(new URL(stack.simUrl).port);
});
afterAll(async () => {
  await stack?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const own = () => `127.0.0.1:${port}`;
async function stillServes(): Promise<void> {
  expect((await fetch(`${stack.simUrl}${PATHS.simulatorControl}/state`)).status).toBe(200);
}

describe('the demo origin over a raw socket', () => {
  const sockets = [
    ['the live feed', LIVE_PATH, {}],
    ['the event socket', PATHS.eventSocket, { Authorization: basicAuthorization(DEMO_CREDENTIALS) }],
  ] as const;
  for (const [name, path, headers] of sockets) {
    it.each(Object.entries(HOSTILE_FRAMES))(`${name}: a %s closes only that socket`, async (_, frame) => {
      const upgrade = upgradeRequest({ path, host: own(), headers });
      const answer = await rawExchange(port, [upgrade, frame], { waitMs: 2_000 });
      expect(answer.status).toBe(101);
      expect(answer.closed).toBe(true);
      await stillServes();
    });
  }

  it.each(Object.entries(HOSTILE_HOSTS))(
    'an upgrade with a Host with %s is refused with 400',
    async (_, host) => {
      const answer = await rawExchange(port, [upgradeRequest({ path: LIVE_PATH, host })]);
      expect(answer.status).toBe(400);
      await stillServes();
    },
  );

  it('refuses another host name (DNS rebinding) on HTTP and on the live feed', async () => {
    const transcript = await rawExchange(port, [
      `GET ${PATHS.simulatorControl}/calls HTTP/1.1\r\nHost: rebind.example:${port}\r\nConnection: close\r\n\r\n`,
    ]);
    expect(transcript.status).toBe(403);
    const live = await rawExchange(port, [
      upgradeRequest({ path: LIVE_PATH, host: `rebind.example:${port}` }),
    ]);
    expect(live.status).toBe(403);
    const local = await rawExchange(port, [
      `GET ${PATHS.simulatorControl}/calls HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
    ]);
    expect(local.status).toBe(200);
  });

  it('opens the live feed to its own page and loopback pages only (Origin)', async () => {
    const withOrigin = (origin: string) =>
      rawExchange(port, [upgradeRequest({ path: LIVE_PATH, host: own(), headers: { Origin: origin } })], {
        waitMs: 300,
      });
    expect((await withOrigin('https://evil.example')).status).toBe(403);
    expect((await withOrigin('http://203.0.113.9')).status).toBe(403);
    expect((await withOrigin('null')).status).toBe(403);
    expect((await withOrigin(`http://${own()}`)).status).toBe(101);
    expect((await withOrigin('http://localhost:5173')).status).toBe(101);
  });
});

describe('the demo API', () => {
  it.each([
    ['dial', { flow: DEMO_OUTBOUND.name, to: '15550009999' }],
    ['campaigns', { flow: DEMO_OUTBOUND.name, count: 200, mix: {} }],
  ])('POST %s refuses a body that is not declared JSON (a cross-site form) with 415', async (path, body) => {
    const before = stack.sim.calls().length;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const response = await fetch(`${stack.simUrl}${DEMO_API_PATH}/${path}`, {
        method: 'POST',
        headers: type === undefined ? {} : { 'content-type': type },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { message: string }).message).toMatch(/application\/json/);
    }
    expect(stack.sim.calls().length).toBe(before);
  });
});
