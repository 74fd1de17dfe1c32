import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS } from '@ivrkit/protocol';
import { createSimulator, type Simulator } from '@ivrkit/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCall } from '../src/call-driver.js';
import { DEMO_INBOUND, DEMO_OUTBOUND } from '../src/demo/demo-flows.js';
import { type Host, simulatorSocket, startHost } from '../src/demo/host-server.js';
import { type DemoStack, startDemoStack } from '../src/demo/stack.js';
import { createSimClient } from '../src/sim-client.js';
import { runCli, startCli } from './cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('ivrkit demo --once over loopback', () => {
  it('starts everything, prints the scripted call and exits 0', async () => {
    // ×5 rather than the default ×10: the suite runs in parallel, and a loaded machine's slower answers count five
    // times less against the simulator's delivery timeouts.
    const run = await runCli(['demo', '--once', '--no-ui', '--speed', '5', '--data', join(scratch, 'demo')], {
      cwd: scratch,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/simulator {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/adapter {4}http:\/\/127\.0\.0\.1:\d+\/events/);
    expect(run.stdout).toContain('prompt  "Welcome to Example Bank.');
    expect(run.stdout).toMatch(/state {3}call\.account/);
    expect(run.stdout).toMatch(/key {5}12345678/);
    expect(run.stdout).toMatch(/Ended after \d+\.\d s: hangup\. Keys collected: 1 12345678 2\./);
    expect(run.stdout).not.toContain('Press Ctrl-C');
  }, 60_000);
});

describe('ivrkit call against a running demo', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({
      inbound: DEMO_INBOUND,
      outbound: DEMO_OUTBOUND,
      dataDir: join(scratch, 'stack'),
      ui: false,
      speed: 5,
    });
  });
  afterAll(() => stack?.close());

  it('places the call through the control API and prints it as JSON, with the flow states', async () => {
    const run = await runCli([
      'call',
      '--sim',
      stack.simUrl,
      '--to',
      stack.number,
      '--press',
      '1,12345678,2',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const transcript = JSON.parse(run.stdout) as {
      reference_id: string;
      entries: Array<{ kind: string; digit?: string; text?: string }>;
      states: Array<{ state: string }>;
    };
    const digits = transcript.entries.flatMap((e) => (e.kind === 'input' ? [e.digit] : [])).join('');
    expect(digits).toBe('1123456782');
    expect(transcript.entries.some((e) => e.kind === 'heard' && e.text?.includes('1,234.56 dollars'))).toBe(
      true,
    );
    expect(transcript.states.map((s) => s.state)).toContain('call.readBalance');
    expect(stack.sim.violations(transcript.reference_id)).toEqual([]);
  }, 60_000);

  it('explains an unreachable simulator', async () => {
    const run = await runCli(['call', '--sim', 'http://127.0.0.1:9', '--to', '15555551212']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach the simulator at http:\/\/127\.0\.0\.1:9/);
  }, 30_000);
});

describe('ivrkit serve and ivrkit campaign against a simulator', () => {
  let sim: Simulator;
  let host: Host;
  beforeAll(async () => {
    // No event URL: events go over the simulator's WebSocket, which `--sim` connects to.
    sim = createSimulator({ clock: 'real', speed: 5, offer: { eventSocket: true } });
    host = await startHost({ handler: sim.fetch, sockets: { [PATHS.eventSocket]: simulatorSocket(sim) } });
  });
  afterAll(async () => {
    await sim?.close();
    await host?.close();
  });

  it('serve answers calls over the event socket and stops on SIGINT', async () => {
    const serve = startCli([
      'serve',
      'bank',
      '--sim',
      host.url,
      '--port',
      '0',
      '--data',
      join(scratch, 'serve'),
    ]);
    try {
      await serve.waitFor(/event socket {8}connected/);
      const result = await driveCall(createSimClient(host.url), {
        to: sim.numbers()[0] as string,
        from: '15550001234',
        presses: ['1', '12345678', '2'],
        timeoutMs: 30_000,
      });
      expect(result.ended).toBe(true);
      expect(result.pressed).toEqual(['1', '12345678', '2']);
      await serve.waitFor(/ended: hangup · inbound 15550001234 · digits 1 12345678 2/);
    } finally {
      serve.child.kill('SIGINT');
    }
    expect(await serve.exited).toBe(0);
    expect(serve.stdout()).toContain('Stopping…');
  }, 60_000);

  it.each(['optional', 'off'])(
    'serve --verify %s warns at start',
    async (mode) => {
      const serve = startCli([
        'serve',
        'bank',
        '--sim',
        host.url,
        '--port',
        '0',
        '--verify',
        mode,
        '--data',
        join(scratch, `serve-${mode}`),
      ]);
      try {
        await serve.waitFor(/Press Ctrl-C to stop/);
        expect(serve.stderr()).toMatch(
          new RegExp(`warning: --verify ${mode}: .*anyone who can reach the event URL`),
        );
      } finally {
        serve.child.kill('SIGINT');
      }
      expect(await serve.exited).toBe(0);
    },
    60_000,
  );

  it('campaign calls a CSV of numbers and writes the report', async () => {
    const numbers = join(scratch, 'numbers.csv');
    writeFileSync(numbers, 'number,name\n15550400001,Ada\n15550400002,Grace\n15550400003,Alan\n');
    sim.setCallee('15550400002', { outcome: 'busy', ringMs: 200 });
    sim.setCallee('15550400003', {
      outcome: 'answered',
      caller: { rules: [{ says: 'to confirm', press: '1' }] },
    });
    const report = join(scratch, 'report.csv');
    const run = await runCli([
      'campaign',
      'reminder',
      '--numbers',
      numbers,
      '--caller-id',
      sim.numbers()[0] as string,
      '--cps',
      '10',
      '--attempts',
      '1',
      '--sim',
      host.url,
      '--port',
      '0',
      '--data',
      join(scratch, 'campaign'),
      '--report',
      report,
      '--log-level',
      'error',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\] 3\/3 {2}/);
    expect(run.stdout).toContain('Done: completed 2, busy 1.');
    const csv = readFileSync(report, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^number,outcome,digits,duration,attempts/);
    expect(csv).toMatch(/15550400002,busy/);
    expect(csv).toMatch(/15550400001,completed/);
  }, 60_000);

  it('refuses to re-run a campaign id with another number list, in one line, exit 2', async () => {
    const args = (numbers: string) => [
      'campaign',
      'reminder',
      '--id',
      'rerun',
      '--numbers',
      numbers,
      '--caller-id',
      sim.numbers()[0] as string,
      '--cps',
      '10',
      '--attempts',
      '1',
      '--sim',
      host.url,
      '--port',
      '0',
      '--data',
      join(scratch, 'rerun'),
      '--report',
      join(scratch, 'rerun.csv'),
      '--log-level',
      'error',
    ];
    const first = join(scratch, 'first.csv');
    writeFileSync(first, 'Phone Number\n+1 (555) 040-0011\n');
    sim.setCallee('15550400011', { outcome: 'busy', ringMs: 200 });
    expect((await runCli(args(first))).code).toBe(0);
    const second = join(scratch, 'second.csv');
    writeFileSync(second, 'Phone Number\n+1 (555) 040-0012\n');
    const rerun = await runCli(args(second));
    expect(rerun.code).toBe(2);
    expect(rerun.stderr.trim()).toBe(
      'ivrkit campaign: campaign "rerun" was started with a different number list (1 numbers; this one has 1): ' +
        're-run it with its original list to resume it, or give the new list another campaign id',
    );
    expect(rerun.stdout).not.toContain('Done:');
  }, 60_000);
});
