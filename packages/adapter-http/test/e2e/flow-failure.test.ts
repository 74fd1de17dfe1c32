/**
 * A flow that throws (a bug in its code) must never leave the caller in silence, nor be retried without bound:
 * on a timer or a lookup's outcome it is tried `FLOW_FAILURE.attempts` times, on an event not again; then the call
 * ends politely (the closing prompt, then `hangup`), the flow's end says `flow_failed`, and the error is logged
 * once. A store that cannot be reached is no flow failure: that is retried until it comes back. The real adapter
 * and the simulator in TeleSign's profile, in virtual time.
 */
import type { CallEnd } from '@ivrkit/machines';
import { defineFlow, hangup, lookup, menu, say } from '@ivrkit/machines';
import { FLOW_FAILURE, LOST_EVENT_RECOVERY } from '@ivrkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type Store, StoreUnavailableError } from '../../src/index.js';
import { type Harness, type HarnessOptions, type Mode, startHarness } from './harness.js';

const MODES: Mode[] = ['http', 'http-loopback'];

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function harness(options: HarnessOptions): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}

const MENU = 'Press 1 for your balance.';
const CLOSING = LOST_EVENT_RECOVERY.closingPrompt;
const broken = (): string => {
  throw new Error('the prompt function broke');
};

/** Press 1 → a lookup → its outcome read out; `sorry` when it fails or times out. Which parts throw is the test's. */
function balanceFlow(options: {
  ends: CallEnd[];
  balance: () => Promise<unknown>;
  read?: () => string;
  sorry?: () => string;
  afterMenu?: 'fetch' | 'read';
}) {
  return defineFlow({
    id: 'fragile',
    version: 1,
    direction: 'inbound',
    start: 'main',
    nodes: {
      main: menu({ prompt: MENU, options: { 1: options.afterMenu ?? 'fetch' } }),
      fetch: lookup({ name: 'balance', timeoutMs: 2_000, saveAs: 'balance', next: 'read', onError: 'sorry' }),
      read: say({ prompt: options.read ?? ((d) => `Your balance is ${String(d.balance)}.`), next: 'bye' }),
      sorry: say({ prompt: options.sorry ?? (() => 'Sorry, try later.'), next: 'bye' }),
      bye: hangup({ prompt: 'Goodbye.' }),
    },
    lookups: { balance: () => options.balance() },
    onEnd: (end) => {
      options.ends.push(end);
    },
  });
}

const pressOne = { rules: [{ prompt: 1, press: '1', afterMs: 300 }] };

function errorsOf(h: Harness) {
  return h.logger.records.filter((r) => r.level === 'error');
}
function customerHangupAt(h: Harness, id: string): number | undefined {
  return h.sim.transcript(id).entries.find((e) => e.kind === 'hangup' && e.by === 'customer')?.t;
}
const never = () => new Promise<never>(() => {});

describe.each(MODES)('a flow that throws (%s)', (mode) => {
  it('on a timer: tried a bounded number of times, then the closing prompt and hangup', async () => {
    const ends: CallEnd[] = [];
    // The lookup never answers: its timeout (a flow timer) leads to `sorry`, whose prompt throws.
    const h = await harness({
      mode,
      flow: balanceFlow({ ends, balance: never, sorry: broken }),
      answerBudgetMs: 20,
    });
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: pressOne,
    });
    await h.run(undefined, 600_000);
    const id = call.reference_id;
    expect(h.heard(id)).toEqual([MENU, CLOSING]);
    expect(h.sim.call(id)?.state).toBe('completed');
    expect(h.sim.violations(id)).toEqual([]);
    expect(ends).toEqual([{ reason: 'flow_failed', data: { error: 'the prompt function broke' } }]);
    // Tried `attempts` times (the scheduler's retry a second apart), and ended seconds after the timer.
    const warnings = h.logger.records.filter((r) => r.msg === 'the flow threw; trying again later');
    expect(warnings).toHaveLength(FLOW_FAILURE.attempts - 1);
    expect(customerHangupAt(h, id)).toBeLessThan(60_000);
    const errors = errorsOf(h);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: 'the flow threw on every attempt: ending the call',
      reference_id: id,
      input: 'timer',
      attempts: FLOW_FAILURE.attempts,
      error: { message: 'the prompt function broke' },
    });
    const record = await h.app.runtime.get(id);
    expect(record?.ended).toBe(true);
    expect(record?.flow_done).toBe(true);
  });

  it("on a lookup's outcome (after the answer): the same bound, then the closing prompt and hangup", async () => {
    const ends: CallEnd[] = [];
    // The outcome comes after the answer (budget 0): it is read by `read`, which throws; so does `sorry`.
    const h = await harness({
      mode,
      flow: balanceFlow({ ends, balance: async () => '12.50', read: broken, sorry: broken }),
      answerBudgetMs: 0,
    });
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: pressOne,
    });
    await h.run(undefined, 600_000);
    const id = call.reference_id;
    expect(h.heard(id)).toEqual([MENU, CLOSING]);
    expect(h.sim.call(id)?.state).toBe('completed');
    expect(ends.map((e) => e.reason)).toEqual(['flow_failed']);
    expect(errorsOf(h)).toHaveLength(1);
    expect(errorsOf(h)[0]).toMatchObject({ msg: 'the flow threw on every attempt: ending the call' });
    expect(customerHangupAt(h, id)).toBeLessThan(60_000);
  });

  it('while answering an event: answered at once with the closing prompt, then hangup', async () => {
    const ends: CallEnd[] = [];
    // Pressing 1 leads straight to `read`, whose prompt throws: the keypress's answer.
    const h = await harness({
      mode,
      flow: balanceFlow({ ends, balance: never, read: broken, afterMenu: 'read' }),
    });
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: pressOne,
    });
    await h.run(undefined, 600_000);
    const id = call.reference_id;
    expect(h.heard(id)).toEqual([MENU, CLOSING]);
    expect(h.sim.call(id)?.state).toBe('completed');
    expect(h.sim.violations(id)).toEqual([]);
    // No 500 (TeleSign's retries would leave the caller in silence): every delivery was answered at once.
    const deliveries = h.sim.transcript(id).entries.filter((e) => e.kind === 'delivery');
    expect(deliveries.every((e) => e.kind === 'delivery' && e.outcome === 'answered')).toBe(true);
    expect(ends.map((e) => e.reason)).toEqual(['flow_failed']);
    expect(errorsOf(h)).toHaveLength(1);
    expect(errorsOf(h)[0]).toMatchObject({
      msg: 'the flow threw: ending the call',
      input: 'speak_completed',
      error: { message: 'the prompt function broke' },
    });
    expect((await h.app.runtime.get(id))?.summary.digits).toEqual(['1']);
  });

  it("on a lookup's outcome inside an event's answer: answered at once with the closing prompt", async () => {
    const ends: CallEnd[] = [];
    // The lookup answers within the answer budget: its outcome is stepped inside the keypress's answer, and throws.
    const h = await harness({
      mode,
      flow: balanceFlow({ ends, balance: async () => '12.50', read: broken }),
    });
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: pressOne,
    });
    await h.run(undefined, 600_000);
    const id = call.reference_id;
    expect(h.heard(id)).toEqual([MENU, CLOSING]);
    expect(h.sim.call(id)?.state).toBe('completed');
    expect(h.sim.violations(id)).toEqual([]);
    expect(ends.map((e) => e.reason)).toEqual(['flow_failed']);
    expect(errorsOf(h)).toHaveLength(1);
    expect(errorsOf(h)[0]).toMatchObject({ msg: 'the flow threw: ending the call', input: 'lookup.done' });
  });

  it('a store that cannot be reached at the timer is no flow failure: retried until it is back', async () => {
    const ends: CallEnd[] = [];
    let down = false;
    const unreachable = () => new StoreUnavailableError('the store is down');
    const wrapStore = (store: Store): Store => ({
      ...store,
      get: (key) => (down ? Promise.reject(unreachable()) : store.get(key)),
      compareAndSet: (key, value, expected) =>
        down ? Promise.reject(unreachable()) : store.compareAndSet(key, value, expected),
    });
    const h = await harness({
      mode,
      flow: balanceFlow({ ends, balance: never }),
      answerBudgetMs: 20,
      wrapStore,
    });
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: pressOne,
    });
    const id = call.reference_id;
    // Down from the keypress's answer on (its lookup left pending), through the lookup's timeout, for 20 s:
    // twenty of the scheduler's retries.
    h.app.subscribe((notice) => {
      if (notice.type !== 'event' || notice.outcome !== 'deferred') return;
      down = true;
      h.clock.schedule(20_000, () => {
        down = false;
      });
    });
    await h.run(undefined, 600_000);
    expect(h.heard(id)).toEqual([MENU, 'Sorry, try later.', 'Goodbye.']);
    expect(ends.map((e) => e.reason)).toEqual(['hung_up']);
    expect(h.logger.records.filter((r) => r.msg.startsWith('the flow threw'))).toEqual([]);
    // The timer came while the store was down, and was handled once it was back.
    const timerAt = h.sim
      .transcript(id)
      .entries.find((e) => e.kind === 'heard' && e.text === 'Sorry, try later.')?.t;
    expect(timerAt).toBeGreaterThan(20_000);
  });
});
