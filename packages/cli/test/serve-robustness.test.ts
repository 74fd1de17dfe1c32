/**
 * `ivrkit serve` where its surroundings fail (real child processes, a real simulator on loopback): the reader of
 * its output goes away while it serves (`ivrkit serve … 2>&1 | head`), and its store holds unreadable records.
 * Either way it must keep answering calls.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS } from '@ivrkit/protocol';
import { createSimulator, type Simulator } from '@ivrkit/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCall } from '../src/call-driver.js';
import { type Host, simulatorSocket, startHost } from '../src/demo/host-server.js';
import { createSimClient } from '../src/sim-client.js';
import { startCli } from './cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-pipes-'));
let sim: Simulator;
let host: Host;
beforeAll(async () => {
  sim = createSimulator({ clock: 'real', speed: 5, offer: { eventSocket: true } });
  host = await startHost({ handler: sim.fetch, sockets: { [PATHS.eventSocket]: simulatorSocket(sim) } });
});
afterAll(async () => {
  await sim?.close();
  await host?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('ivrkit serve when its output pipe closes', () => {
  it('keeps serving calls after stdout and stderr lose their reader (EPIPE)', async () => {
    const serve = startCli(['serve', 'bank', '--sim', host.url, '--port', '0', '--data', scratch]);
    try {
      await serve.waitFor(/event socket {8}connected/);
      // Like `| head` exiting: the reading ends of both pipes close.
      serve.child.stdout?.destroy();
      serve.child.stderr?.destroy();
      const result = await driveCall(createSimClient(host.url), {
        to: sim.numbers()[0] as string,
        from: '15550001234',
        presses: ['1', '12345678', '2'],
        timeoutMs: 30_000,
      });
      expect(result.ended).toBe(true);
      expect(result.pressed).toEqual(['1', '12345678', '2']);
      expect(serve.child.exitCode).toBeNull();
    } finally {
      serve.child.kill('SIGINT');
    }
    expect(await serve.exited).toBe(0);
  }, 90_000);
});

describe('ivrkit serve on a store with broken records', () => {
  it('starts, moves the unreadable records aside with a log line naming each, and serves calls', async () => {
    const dir = join(scratch, 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'k_call%3ATRUNCATED.json'), '{"key":"call:TRUNCATED","version":2,"val');
    writeFileSync(join(dir, 'k_call%3AEMPTY.json'), '');
    writeFileSync(join(dir, 'k_call%3ABAD%zz.json'), '{}');
    const serve = startCli(['serve', 'bank', '--sim', host.url, '--port', '0', '--data', dir]);
    try {
      await serve.waitFor(/event socket {8}connected/);
      const result = await driveCall(createSimClient(host.url), {
        to: sim.numbers()[0] as string,
        from: '15550001234',
        presses: ['1', '12345678', '2'],
        timeoutMs: 30_000,
      });
      expect(result.ended).toBe(true);
      expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(3);
      const warnings = serve
        .stderr()
        .split('\n')
        .filter((line) => line.includes('unreadable record moved aside'));
      expect(warnings.map((line) => (JSON.parse(line) as { key: string | null }).key).sort()).toEqual([
        'call:EMPTY',
        'call:TRUNCATED',
        null,
      ]);
    } finally {
      serve.child.kill('SIGINT');
    }
    expect(await serve.exited).toBe(0);
  }, 90_000);
});
