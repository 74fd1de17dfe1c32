/**
 * `--inspect` where calls really run: `ivrkit demo` and `ivrkit serve` stream each call's statechart to a real
 * WebSocket receiver on loopback, one Stately inspector session per reference_id; and the inspection socket waits
 * for a relay that is not up yet, and stops for good.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@ivrkit/simulator';
import { serveSimulator } from '@ivrkit/simulator/node';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { openInspector } from '../src/inspect/call-inspection.js';
import { runCli, startCli } from './cli-process.js';

interface Received {
  type: string;
  sessionId: string;
  name?: string;
  definition?: string;
  event?: { type: string };
  snapshot?: { status: string; value?: unknown };
}

const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-inspect-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A relay stand-in: a WebSocket server on loopback that keeps what it is sent. */
async function receiver(port = 0) {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise((resolve) => server.once('listening', resolve));
  const received: Received[] = [];
  let connections = 0;
  server.on('connection', (socket) => {
    connections++;
    socket.on('message', (data) => received.push(JSON.parse(String(data)) as Received));
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

const states = (events: Received[]) =>
  events.filter((e) => e.type === '@xstate.snapshot').map((e) => JSON.stringify(e.snapshot?.value));

async function until(check: () => boolean, timeoutMs = 20_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('--inspect', () => {
  it('ivrkit demo streams the scripted call as one inspector session', async () => {
    const relay = await receiver();
    try {
      const run = await runCli(
        [
          'demo',
          '--once',
          '--no-ui',
          '--speed',
          '5',
          '--data',
          join(scratch, 'demo'),
          '--inspect-url',
          relay.url,
        ],
        { cwd: scratch },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `inspector  ${relay.url}  (Stately inspector protocol, one session per reference_id)`,
      );
      const referenceId = /Call ([0-9A-F]{32}) {2}inbound/.exec(run.stdout)?.[1];
      expect(referenceId).toBeDefined();
      await until(() => relay.received.some((e) => e.event?.type === 'call_completed'));
      expect(new Set(relay.received.map((e) => e.sessionId))).toEqual(new Set([referenceId]));
      const [actor] = relay.received;
      expect(actor?.type).toBe('@xstate.actor');
      const definition = JSON.parse(actor?.definition ?? '{}') as {
        id: string;
        states: Record<string, unknown>;
      };
      expect(Object.keys(definition.states)).toContain('call');
      const events = relay.received.filter((e) => e.type === '@xstate.event').map((e) => e.event?.type);
      expect(events[0]).toBe('incoming_call');
      expect(events).toContain('speak_completed');
      expect(events.at(-1)).toBe('call_completed');
      const seen = states(relay.received);
      expect(seen).toContain(JSON.stringify({ call: 'welcome' }));
      expect(seen).toContain(JSON.stringify({ call: 'account' }));
      expect(seen).toContain(JSON.stringify({ call: 'readBalance' }));
      expect(relay.received.at(-1)?.snapshot?.status).toBe('done');
    } finally {
      await relay.close();
    }
  }, 90_000);

  it('ivrkit serve streams each call of a simulator to its own session', async () => {
    const relay = await receiver();
    const sim = createSimulator({ clock: 'real', speed: 10 });
    const served = await serveSimulator(sim, { port: 0 });
    const serve = startCli([
      'serve',
      'bank',
      '--sim',
      served.url,
      '--port',
      '0',
      '--data',
      join(scratch, 'serve'),
      '--inspect-url',
      relay.url,
    ]);
    try {
      const [, listener] = (await serve.waitFor(/event URL listener {2}(http:\/\/\S+)/)) as unknown as [
        string,
        string,
      ];
      await serve.waitFor(/inspector {11}ws:\/\/127\.0\.0\.1:\d+/);
      const calls = [0, 1].map((n) =>
        sim.placeInboundCall({
          to: sim.numbers()[0] as string,
          from: `1555000000${n}`,
          eventUrl: listener,
          caller: {
            rules: [
              { prompt: 1, press: n === 0 ? '0' : '2', afterMs: 200 },
              { prompt: 2, hangupAfterMs: 100 },
            ],
          },
        }),
      );
      for (const call of calls) await serve.waitFor(new RegExp(`call ${call.reference_id} ended`));
      const ended = () =>
        relay.received.filter((e) => e.type === '@xstate.event' && e.event?.type === 'call_completed');
      await until(() => ended().length === 2);
      for (const [index, call] of calls.entries()) {
        const session = relay.received.filter((e) => e.sessionId === call.reference_id);
        expect(session[0]?.type).toBe('@xstate.actor');
        expect(session.filter((e) => e.type === '@xstate.actor')).toHaveLength(1);
        expect(states(session)).toContain(JSON.stringify({ call: index === 0 ? 'connecting' : 'cards' }));
      }
      serve.child.kill('SIGINT');
      expect(await serve.exited).toBe(0);
    } finally {
      // SIGINT: tsx passes it on to the command (a SIGKILL would leave the command's process behind).
      if (serve.child.exitCode === null) {
        serve.child.kill('SIGINT');
        await Promise.race([serve.exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }
      await served.close();
      await relay.close();
    }
  }, 90_000);

  it('waits for a relay that is not up yet, and stops for good', async () => {
    // A port nobody listens on (yet).
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const inspection = await openInspector(`ws://127.0.0.1:${port}`);
    inspection.inspector.event('CALL-1', { type: 'incoming_call' });
    const relay = await receiver(port);
    try {
      await until(() => relay.received.length === 1, 10_000);
      expect(relay.received[0]).toMatchObject({ type: '@xstate.event', sessionId: 'CALL-1' });
      inspection.stop();
      const before = relay.connections();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(relay.connections()).toBe(before);
    } finally {
      inspection.stop();
      await relay.close();
    }
  }, 30_000);
});
