import { describe, expect, it } from 'vitest';
import { assertFlow, checkFlow, evaluateScenario, FlowCheckError, formatCheckReport } from '../src/index.js';
import { EXAMPLES } from './examples.js';
import { deadState, menuWithoutNoInput, unboundedRetryLoop } from './fixtures/broken-flows.js';

describe('checkFlow on the example flows', () => {
  it.each(EXAMPLES)(
    '%s keeps every invariant over generated callers and faults',
    { timeout: 60_000 },
    async (_, flow, options) => {
      const report = await checkFlow(flow, { numRuns: 25, seed: 20261124, ...options });
      expect(report.ok, formatCheckReport(report)).toBe(true);
      expect(report.cases).toBe(25);
      expect(report.casesPerSecond).toBeGreaterThan(0);
    },
  );

  it('assertFlow resolves with the report when the flow holds', async () => {
    const report = await assertFlow(EXAMPLES[3][1], { numRuns: 5, seed: 1 });
    expect(report.ok).toBe(true);
  });
});

// The broken flows loop or stall until the bound: keep it short so shrinking stays fast.
const broken = { numRuns: 30, seed: 7, maxCallMs: 3 * 60_000, faults: false } as const;

describe('checkFlow catches, shrinks and reports broken flows', { timeout: 60_000 }, () => {
  it('a menu without a no-input path: dead air on silence, shrunk to a silent caller', async () => {
    const report = await checkFlow(menuWithoutNoInput, broken);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.invariant)).toEqual(expect.arrayContaining(['input-paths']));
    expect(report.failures.find((f) => f.invariant === 'input-paths')?.message).toContain('no no-input path');
    expect(report.counterexample).toEqual({ caller: { rules: [] } });
  });

  it('an unbounded retry loop: the retry invariant and the call bound break, shrunk to a silent caller', async () => {
    const report = await checkFlow(unboundedRetryLoop, broken);
    expect(report.failures.map((f) => f.invariant)).toEqual(['call-ends', 'bounded-retries']);
    expect(report.failures[1]?.message).toMatch(/call\.main re-prompted \d+ times in a row on silence/);
    expect(report.counterexample).toEqual({ caller: { rules: [] } });
  });

  it('a dead end (two says passing the caller back and forth): never ends, found by the first-option caller', async () => {
    const report = await checkFlow(deadState, broken);
    expect(report.failures.map((f) => f.invariant)).toEqual(['call-ends']);
    expect(report.failures[0]?.message).toMatch(
      /kept the caller on the line for \d+ steps \(pressing "1"\), in call\.(hours|again), and never ended the call/,
    );
    expect(report.counterexample).toEqual({
      caller: { rules: [{ press: '1', afterMs: 500, repeat: true }] },
    });
  });

  it('prints a ready-to-paste test with the seed, and that scenario reproduces the failure', async () => {
    const report = await checkFlow(unboundedRetryLoop, {
      ...broken,
      importLine: "import { unboundedRetryLoop as flow } from './fixtures/broken-flows.js';",
    });
    expect(report.test).toContain(`seed ${report.seed}, path "${report.path}"`);
    expect(report.test).toContain("import { evaluateScenario } from '@ivrkit/testing';");
    expect(report.test).toContain('"maxCallMs": 180000');
    expect(formatCheckReport(report)).toContain('paste this test');
    const scenario = report.counterexample;
    if (!scenario) throw new Error('no counterexample');
    const { failures } = await evaluateScenario(unboundedRetryLoop, scenario, { maxCallMs: 3 * 60_000 });
    expect(failures.map((f) => f.invariant)).toContain('bounded-retries');
  });

  it('assertFlow rejects with the formatted report', async () => {
    await expect(assertFlow(menuWithoutNoInput, { ...broken, numRuns: 3 })).rejects.toBeInstanceOf(
      FlowCheckError,
    );
  });

  it('reproduces the same counterexample from the same seed', async () => {
    const a = await checkFlow(menuWithoutNoInput, { ...broken, numRuns: 5 });
    const b = await checkFlow(menuWithoutNoInput, { ...broken, numRuns: 5 });
    expect(b.counterexample).toEqual(a.counterexample);
    expect(b.path).toBe(a.path);
  });
});

describe('user invariants', () => {
  it('fail the check with their own name and message', async () => {
    const report = await checkFlow(EXAMPLES[0][1], {
      numRuns: 30,
      seed: 3,
      faults: false,
      invariants: {
        'never transfers': (run) =>
          !run.transcript.entries.some((e) => e.kind === 'action' && e.action.method === 'dial') ||
          'transferred',
      },
    });
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([{ invariant: 'never transfers', message: 'transferred' }]);
    // Shrunk to the shortest way to an agent: one keypress.
    expect(report.counterexample?.caller.rules).toHaveLength(1);
  });
});

describe('fault-tolerance in the TeleSign profile (no Call Query API)', () => {
  // Every event duplicated, some copies delayed: a late copy of a no-input speak_completed looks exactly like the
  // end of the re-prompt that answered it. The adapter's delivery rules take it as a copy (the re-prompt cannot have
  // ended so soon: it collects digits for seconds), so the caller hears what a fault-free call hears — as with the
  // exact [ours] Call Query API.
  it('a duplicate delivered late is still told from the re-prompt it looks like', async () => {
    const scenario = {
      caller: { rules: [{ prompt: 1, press: '00' }] },
      transfers: [{ outcome: 'failed' as const }],
      faults: { duplicate: 1, delay: 0.3, reorder: 0 },
    };
    const rules = await evaluateScenario(EXAMPLES[0][1], scenario);
    expect(rules.failures).toEqual([]);
    const exact = await evaluateScenario(EXAMPLES[0][1], scenario, { repeats: 'call-query' });
    expect(exact.failures).toEqual([]);
  });
});
