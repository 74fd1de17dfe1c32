import { defineFlow, hangup, menu, say, transfer } from '@ivrkit/machines';
import { describe, expect, it } from 'vitest';
import { diffFlows, formatFlowDiff, formatFlowDiffMarkdown } from '../src/index.js';
import { lookupMachine, sorryLoop, sorryThenAgent } from './fixtures/user-flows.js';

/** A small line-of-business menu, as a user writes it; `change` edits one version's spec. */
function shop(version: number, change: (nodes: Record<string, unknown>) => void = () => {}) {
  const nodes: Record<string, unknown> = {
    main: menu({
      prompt: 'For orders, press 1. For returns, press 2.',
      options: { 1: 'orders', 2: 'returns' },
      noInput: { retries: 2, next: 'bye' },
      invalid: { retries: 1, next: 'bye' },
    }),
    orders: transfer({ to: '15550100001', onFailed: 'bye' }),
    returns: say({ prompt: { play: 'https://example.com/returns-v1.wav' }, next: 'bye' }),
    bye: hangup({ prompt: 'Goodbye.' }),
  };
  change(nodes);
  return defineFlow({ id: 'shop', version, direction: 'inbound', start: 'main', nodes: nodes as never });
}

describe('diffFlows', { timeout: 60_000 }, () => {
  it('finds nothing between a flow and itself (a new version number alone is no change)', () => {
    const diff = diffFlows(shop(1), shop(2));
    expect(diff.changed).toBe(false);
    expect(diff.changes).toEqual([]);
    expect(formatFlowDiff(diff)).toBe('= shop v1 → shop v2: behaviour unchanged');
    expect(diffFlows(lookupMachine, lookupMachine).changed).toBe(false);
  });

  it('a retargeted option, a new node, a changed recording and a retry limit, each in words', () => {
    const after = shop(2, (n) => {
      n.main = menu({
        prompt: 'For orders, press 1. For returns, press 2.',
        options: { 1: 'orders', 2: 'billing' },
        noInput: { retries: 2, next: 'bye' },
        invalid: { retries: 3, next: 'bye' },
      });
      n.billing = say({ prompt: 'Billing is closed today.', next: 'returns' });
      n.returns = say({ prompt: { play: 'https://example.com/returns-v2.wav' }, next: 'bye' });
    });
    const { changes } = diffFlows(shop(1), after);
    expect(changes).toContainEqual({
      kind: 'move',
      state: 'call.main',
      what: 'presses 2',
      before: 'call.returns',
      after: 'call.billing',
    });
    expect(changes).toContainEqual({
      kind: 'state',
      state: 'call.billing',
      after: 'present',
      what: 'says "Billing is closed today." in en-US',
    });
    expect(changes).toContainEqual({
      kind: 'send',
      state: 'call.returns',
      before: 'plays https://example.com/returns-v1.wav',
      after: 'plays https://example.com/returns-v2.wav',
    });
    expect(changes).toContainEqual({
      kind: 'retry',
      state: 'call.main',
      what: 'a wrong key',
      before: '1 re-prompt, then call.bye',
      after: '3 re-prompts, then call.bye',
    });
  });

  it('prompt text, language and digit timeout changes', () => {
    const after = shop(2, (n) => {
      n.main = menu({
        prompt: { say: 'For orders press 1, for returns press 2.', language: 'en-GB' },
        options: { 1: 'orders', 2: 'returns' },
        timeout: 7_000,
        noInput: { retries: 2, next: 'bye' },
        invalid: { retries: 1, next: 'bye' },
      });
    });
    const sends = diffFlows(shop(1), after).changes.filter((c) => c.kind === 'send');
    expect(sends).toContainEqual({
      kind: 'send',
      state: 'call.main',
      before: 'says "For orders, press 1. For returns, press 2." in en-US, collects up to 1 digit',
      after: 'says "For orders press 1, for returns press 2." in en-GB, collects up to 1 digit (timeout 7 s)',
    });
  });

  it('a state no option leads to any more is reported once, as no longer reachable', () => {
    const after = shop(2, (n) => {
      n.main = menu({
        prompt: 'For orders, press 1.',
        options: { 1: 'orders' },
        noInput: { retries: 2, next: 'bye' },
        invalid: { retries: 1, next: 'bye' },
      });
    });
    const { changes } = diffFlows(shop(1), after);
    expect(changes.filter((c) => c.state === 'call.returns')).toEqual([
      { kind: 'state', state: 'call.returns', before: 'reachable', after: 'unreachable' },
    ]);
  });

  it('paths that no longer reach an end, in text and Markdown', () => {
    const diff = diffFlows(sorryThenAgent, sorryLoop);
    expect(diff.changed).toBe(true);
    expect(diff.changes).toContainEqual(
      expect.objectContaining({
        kind: 'no-end',
        state: 'call.main',
        after: expect.stringContaining('always presses 9 the flow loops forever'),
      }),
    );
    expect(formatFlowDiff(diff)).toContain(
      'Paths that no longer reach an end:\n  call.main no longer reaches an end',
    );
    expect(formatFlowDiff(diff)).toContain('state call.agent removed');
    expect(formatFlowDiffMarkdown(diff)).toContain('**Paths that no longer reach an end**');
  });
});
