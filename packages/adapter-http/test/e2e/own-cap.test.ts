/**
 * An inbound flow's own cap (`maxCallDurationSeconds`: TeleSign never learns it) passing in each situation a call can
 * be in — a prompt collecting digits, a lookup pending, dialling or bridged to another party — through the real
 * adapter and the simulator in TeleSign's profile, in virtual time. The caller hears the closing prompt wherever the
 * call is not bridged to another party, and never waits in silence for it; the flow always ends with `max_duration`.
 * (A prompt playing at the cap: `telesign-profile.test.ts`.)
 */
import type { CallEnd, FlowNode } from '@ivrkit/machines';
import { defineFlow, hangup, lookup, menu, transfer } from '@ivrkit/machines';
import type { CalleeBehaviour } from '@ivrkit/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type Mode, startHarness } from './harness.js';

const MODES: Mode[] = ['http', 'http-loopback'];

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const CAP_MS = 30_000;
const MENU = 'Press 1.';
const CLOSING = 'This call has reached its time limit. Goodbye.';
const AGENT = '15550009999';

/** A menu whose 1 leads to `next`; the cap is 30 s and has a closing prompt. */
function cappedFlow(ends: CallEnd[], next: FlowNode<'main' | 'next' | 'bye'>) {
  return defineFlow({
    id: 'capped',
    version: 1,
    direction: 'inbound',
    start: 'main',
    maxCallDurationSeconds: CAP_MS / 1000,
    maxCallDurationPrompt: CLOSING,
    nodes: {
      main: menu({ prompt: MENU, options: { 1: 'next' }, timeout: 20_000, noInput: { retries: 2 } }),
      next,
      bye: hangup({ prompt: 'Goodbye.' }),
    },
    lookups: { slow: () => new Promise<never>(() => {}) },
    onEnd: (end) => {
      ends.push(end);
    },
  });
}

async function runCall(
  mode: Mode,
  next: FlowNode<'main' | 'next' | 'bye'>,
  caller: object,
  callees: Record<string, CalleeBehaviour> = {},
) {
  const ends: CallEnd[] = [];
  const h = await startHarness({ mode, flow: cappedFlow(ends, next), callees, answerBudgetMs: 20 });
  harnesses.push(h);
  const call = h.sim.placeInboundCall({ to: h.sim.numbers()[0] as string, from: '15558675309', caller });
  await h.run(undefined, 600_000);
  const id = call.reference_id;
  const entries = h.sim.transcript(id).entries;
  expect(h.sim.call(id)?.state).toBe('completed');
  expect(h.sim.violations(id)).toEqual([]);
  expect(ends.map((e) => e.reason)).toEqual(['max_duration']);
  return {
    heard: h.heard(id),
    closingAt: entries.find((e) => e.kind === 'heard' && e.text === CLOSING)?.t,
    hangupAt: entries.find((e) => e.kind === 'hangup' && e.by === 'customer')?.t as number,
  };
}

const pressOne = { rules: [{ prompt: 1, press: '1', afterMs: 300 }] };
const waitForever = lookup({ name: 'slow', timeoutMs: 600_000, next: 'bye', onError: 'bye' });

describe.each(MODES)("an inbound flow's own cap passing (%s)", (mode) => {
  it('while a prompt collects digits: the prompt ends, then the closing prompt, then hangup', async () => {
    // Silent caller: the menu's second prompt collects digits (20 s) from about 21 s on.
    const { heard, closingAt, hangupAt } = await runCall(mode, waitForever, {});
    expect(heard).toEqual([MENU, MENU, CLOSING]);
    expect(closingAt).toBeGreaterThan(CAP_MS);
    expect(hangupAt).toBeLessThan(CAP_MS + 20_000 + 5_000);
  });

  it('while a lookup is pending: the closing prompt at once, then hangup', async () => {
    const { heard, closingAt, hangupAt } = await runCall(mode, waitForever, pressOne);
    expect(heard).toEqual([MENU, CLOSING]);
    expect(closingAt).toBeGreaterThanOrEqual(CAP_MS);
    expect(closingAt).toBeLessThan(CAP_MS + 1_000);
    expect(hangupAt).toBeLessThan(CAP_MS + 5_000);
  });

  it('while bridged to another party: hangup at once, no closing prompt', async () => {
    const agent = transfer({ to: AGENT, onFailed: 'bye' });
    const { heard, hangupAt } = await runCall(mode, agent, pressOne, { [AGENT]: { outcome: 'answered' } });
    expect(heard).toEqual([MENU]);
    expect(hangupAt).toBeGreaterThanOrEqual(CAP_MS);
    expect(hangupAt).toBeLessThan(CAP_MS + 1_000);
  });

  it('while dialling another party: hangup at once, no closing prompt', async () => {
    const agent = transfer({ to: AGENT, onFailed: 'bye' });
    const ringing = { [AGENT]: { outcome: 'no_answer', ringMs: 120_000 } } as const;
    const { heard, hangupAt } = await runCall(mode, agent, pressOne, ringing);
    expect(heard).toEqual([MENU]);
    expect(hangupAt).toBeGreaterThanOrEqual(CAP_MS);
    expect(hangupAt).toBeLessThan(CAP_MS + 1_000);
  });
});
