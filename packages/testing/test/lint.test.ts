import { describe, expect, it } from 'vitest';
import { formatLint, lintFlow } from '../src/index.js';
import { EXAMPLES } from './examples.js';
import { deadState, menuWithoutNoInput, unboundedRetryLoop } from './fixtures/broken-flows.js';

const summary = (flow: Parameters<typeof lintFlow>[0]) =>
  lintFlow(flow).findings.map((f) => `${f.severity} ${f.rule} ${f.state}`);

describe('lint on the example flows', () => {
  it.each(EXAMPLES)('%s has no errors', { timeout: 30_000 }, (_, flow) => {
    const report = lintFlow(flow);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('lint on broken flows', () => {
  it('a menu without no-input and invalid handling', () => {
    expect(summary(menuWithoutNoInput)).toEqual(
      expect.arrayContaining([
        'error no-input-path menu',
        'error invalid-input-path menu',
        'error unbounded-loop menu',
      ]),
    );
    expect(lintFlow(menuWithoutNoInput).ok).toBe(false);
  });

  it('a retry loop with no bounded counter', () => {
    const report = lintFlow(unboundedRetryLoop);
    expect(summary(unboundedRetryLoop)).toEqual(['error unbounded-loop call.main']);
    expect(report.findings[0]?.message).toContain('call.main → call.main');
  });

  it('a dead state, a loop with no end, and an option the prompt does not mention', () => {
    expect(summary(deadState)).toEqual([
      'error no-end call.again',
      'error unbounded-loop call.hours',
      'error no-end call.hours',
      'error unreachable-state call.orphan',
      'warning unmentioned-option call.main',
    ]);
    expect(formatLint(lintFlow(deadState))).toContain('"2" is an option, but the prompt never mentions it');
  });
});
