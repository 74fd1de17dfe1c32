import { describe, expect, it } from 'vitest';
import { exploreFlow, formatCoverage, measureCoverage, pathToScenario } from '../src/index.js';
import { flowTransitions } from '../src/transitions.js';
import { EXAMPLES } from './examples.js';
import { deadState } from './fixtures/broken-flows.js';

describe('coverage of the example flows against the simulator', () => {
  it.each(EXAMPLES)('%s: every transition and every state', { timeout: 60_000 }, async (_, flow, options) => {
    const report = await measureCoverage(flow, { ...options, threshold: 100 });
    expect(report.transitions.missed.map((t) => t.id)).toEqual([]);
    expect(report.states.missed).toEqual([]);
    expect(report.transitions.percent).toBe(100);
    expect(report.ok).toBe(true);
    // Timeout, no-input and invalid-input edges are counted, not skipped.
    expect(report.byKind.timeout?.total).toBeGreaterThan(0);
    if (flow.id !== 'appointment-reminder' || report.byKind['no-input']) {
      expect(report.byKind['no-input']?.covered).toBe(report.byKind['no-input']?.total);
      expect(report.byKind.invalid?.covered).toBe(report.byKind.invalid?.total);
    }
  });

  it('reports the table and JSON, and leaves out only transitions no protocol input can take', async () => {
    const flow = EXAMPLES[3][1];
    const report = await measureCoverage(flow);
    expect(formatCoverage(report)).toMatch(/satisfaction-survey: 100% of transitions, 100% of states/);
    expect(JSON.parse(JSON.stringify(report)).transitions.covered).toBe(report.transitions.total);
    // The survey only speaks: its play_completed branches are unexercisable.
    expect(report.unexercisable.every((t) => t.event === 'play_completed')).toBe(true);
    expect(report.transitions.total + report.unexercisable.length).toBe(flowTransitions(flow).length);
  });
});

describe('coverage thresholds', () => {
  it('fail on a flow with a state nothing reaches', async () => {
    const report = await measureCoverage(deadState, { threshold: 100, maxCallMs: 180_000 });
    expect(report.ok).toBe(false);
    expect(report.states.missed).toEqual(['call.orphan']);
    expect(report.transitions.missed.map((t) => t.source)).toEqual(['call.orphan', 'call.orphan']);
    expect(formatCoverage(report)).toContain('missed state: call.orphan');
  });

  it('pass at a threshold the flow reaches', async () => {
    const report = await measureCoverage(deadState, { threshold: 80, maxCallMs: 180_000 });
    expect(report.transitions.percent).toBeGreaterThan(80);
    expect(report.ok).toBe(true);
  });
});

describe('paths to scripted callers', () => {
  it('turn digits into presses, lookup results into forced outcomes, a lost end into a dropped delivery', () => {
    const bank = EXAMPLES[0][1];
    const { edges } = exploreFlow(bank);
    const timeout = edges.find(
      (e) => e.event.stimulus.kind === 'lookup' && e.event.stimulus.outcome === 'timeout',
    );
    if (!timeout) throw new Error('no lookup timeout edge');
    const { scenario } = pathToScenario(timeout.path);
    expect(scenario.lookups).toEqual(['timeout']);
    expect(scenario.caller.rules?.at(-1)?.press).toMatch(/^\d{8}$/);
    const lost = edges.find((e) => e.event.stimulus.kind === 'lost-call-completed');
    if (!lost) throw new Error('no lost call_completed edge');
    expect(pathToScenario(lost.path).scenario.dropCallCompleted).toBe(true);
  });
});
