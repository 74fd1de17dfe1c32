import { describe, expect, it } from 'vitest';
import {
  adversarialScenarios,
  checkFlow,
  evaluateScenario,
  formatCheckReport,
  lintFlow,
} from '../src/index.js';
import { EXAMPLES } from './examples.js';
import { lookupMachine, selfLoop, sorryLoop, sorryThenAgent } from './fixtures/user-flows.js';

describe('loops on invalid input (flows as a user writes them)', { timeout: 60_000 }, () => {
  it.each([
    ['invalid → sorry → main', sorryLoop],
    ['invalid: { retries: 1, next: main }', selfLoop],
  ])('check fails %s: a caller always pressing 9 stays on the line (call-ends)', async (_, flow) => {
    const report = await checkFlow(flow, { numRuns: 10, seed: 3, faults: false });
    expect(report.ok).toBe(false);
    expect(report.failures[0]?.invariant).toBe('call-ends');
    expect(report.failures[0]?.message).toContain('pressing "9"');
    expect(report.counterexample).toEqual({
      caller: { rules: [{ press: '9', afterMs: 500, repeat: true }] },
    });
  });

  it.each([
    ['invalid → sorry → main', sorryLoop, 'call.main → call.sorry → call.main'],
    ['invalid: { retries: 1, next: main }', selfLoop, 'call.main → call.main'],
  ])('lint reports %s as an unbounded loop', (_, flow, loop) => {
    const report = lintFlow(flow);
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'unbounded-loop', message: expect.stringContaining(loop) }),
    );
    expect(report.findings.find((f) => f.rule === 'unbounded-loop')?.message).toContain('always presses 9');
  });

  it('retry counters survive the detour: after three wrong keys in all, `via: sorry` gives way to the transfer', async () => {
    const always9 = { caller: { rules: [{ press: '9', afterMs: 500, repeat: true }] } };
    const { run, failures } = await evaluateScenario(sorryThenAgent, always9);
    expect(failures).toEqual([]);
    const said = run.transcript.entries.flatMap((e) =>
      e.kind === 'action' && e.accepted
        ? [e.action.method === 'speak' ? e.action.params.tts.message : e.action.method]
        : [],
    );
    const menu = 'For sales, press 1. For support, press 2.';
    const sorry = 'Sorry, that is not an option.';
    expect(said.slice(0, 7)).toEqual([menu, sorry, menu, sorry, menu, 'dial', 'hangup']);
    expect(lintFlow(sorryThenAgent).findings).toEqual([]);
    expect((await checkFlow(sorryThenAgent, { numRuns: 15, seed: 5 })).ok).toBe(true);
  });
});

describe('adversarial callers', () => {
  it('are silent, always press the same wrong key or the first option, or hang up at the n-th prompt', () => {
    const names = adversarialScenarios(sorryLoop).map((c) => c.name);
    expect(names).toEqual([
      'silent',
      'wrong key 9',
      'first option 1',
      'hangs up at prompt 1',
      'hangs up at prompt 2',
      'hangs up at prompt 3',
      'hangs up at prompt 4',
    ]);
  });

  it.each(EXAMPLES)(
    'none of them keeps a caller of the %s example on the line',
    { timeout: 60_000 },
    async (_, flow, options) => {
      for (const { name, scenario } of adversarialScenarios(flow)) {
        const { failures } = await evaluateScenario(flow, scenario, options);
        expect(failures, name).toEqual([]);
      }
    },
  );
});

describe('a hand-written machine that waits for a lookup', { timeout: 60_000 }, () => {
  it('lints clean, as check agrees', async () => {
    expect(lintFlow(lookupMachine).findings).toEqual([]);
    const report = await checkFlow(lookupMachine, { numRuns: 20, seed: 11 });
    expect(report.ok, formatCheckReport(report)).toBe(true);
  });
});
