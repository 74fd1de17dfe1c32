/**
 * `ivrkit serve … 2>&1 | head`: the reader of the command's output goes away while it serves. The server must keep
 * answering calls (real child process, real pipes closed under it, a real simulator on loopback).
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
  sim = createSimulator({ clock: 'real', speed: 5 });
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
