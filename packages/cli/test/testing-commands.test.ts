import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bankFlow } from '@ivrkit/machines/examples';
import { runScenario } from '@ivrkit/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/command.js';
import check from '../src/commands/check.js';
import coverage from '../src/commands/coverage.js';
import lint from '../src/commands/lint.js';
import replay from '../src/commands/replay.js';

const LOOPING = 'packages/cli/test/fixtures/looping-flow.ts';

function capture() {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.join(' '));
  });
  return () => lines.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ivrkit lint', () => {
  it('exits 0 on an example, 1 on a flow with an unbounded loop', async () => {
    const out = capture();
    expect(await lint.run(['school-alert'])).toBe(0);
    expect(await lint.run([LOOPING])).toBe(1);
    expect(out()).toContain('error   unbounded-loop     call.main');
  });

  it('prints JSON with --json', async () => {
    const out = capture();
    expect(await lint.run([LOOPING, '--json'])).toBe(1);
    expect(JSON.parse(out()).findings[0].rule).toBe('unbounded-loop');
  });
});

describe('ivrkit check', () => {
  it('passes on an example with a fixed seed', async () => {
    const out = capture();
    expect(await check.run(['survey', '--runs', '8', '--seed', '5'])).toBe(0);
    expect(out()).toMatch(/✓ satisfaction-survey: every invariant held — 8 cases .* seed 5/);
  }, 30_000);

  it('fails on a looping flow and prints the shrunk caller and a test importing it', async () => {
    const out = capture();
    expect(await check.run([LOOPING, '--runs', '10', '--seed', '5', '--no-faults'])).toBe(1);
    expect(out()).toContain('bounded-retries: call.main re-prompted');
    expect(out()).toContain(`import { flow } from '${LOOPING.replace(/\.ts$/, '.js')}';`);
  }, 60_000);

  it('refuses bad options', async () => {
    await expect(check.run([])).rejects.toBeInstanceOf(UsageError);
    await expect(check.run(['bank', '--runs', 'many'])).rejects.toThrow(/--runs: expected a whole number/);
    await expect(check.run(['bank', '--colour'])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('ivrkit coverage', () => {
  it('reaches 100% on an example, and --threshold fails a flow that cannot reach it', async () => {
    const out = capture();
    expect(await coverage.run(['survey', '--threshold', '100'])).toBe(0);
    expect(out()).toContain('satisfaction-survey: 100% of transitions');
    expect(await coverage.run(['survey', '--json'])).toBe(0);
    await expect(coverage.run(['survey', '--threshold', '150'])).rejects.toThrow(/--threshold/);
  }, 60_000);
});

describe('ivrkit replay', () => {
  it('replays a cassette: 0 when the flow behaves the same, 1 when it does not', async () => {
    const run = await runScenario(bankFlow, {
      caller: {
        rules: [
          { prompt: 1, press: '2' },
          { prompt: 2, press: '*' },
        ],
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'ivrkit-replay-'));
    const file = join(dir, 'calls.cassette.json');
    writeFileSync(file, JSON.stringify(run.cassette));
    const out = capture();
    expect(await replay.run([file, 'bank'])).toBe(0);
    expect(await replay.run([file, LOOPING])).toBe(1);
    expect(out()).toMatch(/✗ cli-looping-menu: 1 call\(s\), \d+ event\(s\) replayed, \d+ difference\(s\)/);
    await expect(replay.run([join(dir, 'none.json'), 'bank'])).rejects.toThrow(/cannot read/);
  }, 30_000);
});
