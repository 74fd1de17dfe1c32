/**
 * The runtime in the configuration real TeleSign gives it (issue 13): a simulator with its defaults — no Call Query
 * API, no event socket — and the real adapter, in virtual time and over real loopback HTTP. Each block is one of
 * the behaviours that broke there: identical events taken for duplicates forever, replayed keypresses applied, lost
 * events stranding callers, a failed write inside an event with a lookup, an inbound cap leaving the caller in
 * silence.
 */
import type { CallEnd } from '@ivrkit/machines';
import { defineFlow, hangup, menu, say } from '@ivrkit/machines';
import { createBankFlow } from '@ivrkit/machines/examples';
import type { VoiceEvent } from '@ivrkit/protocol';
import { signCallback } from '@ivrkit/protocol/auth';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type Store } from '../../src/index.js';
import { type Harness, type HarnessOptions, type Mode, startHarness } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function harness(options: HarnessOptions): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}

const OPEN = 'We are open nine to five.';
/** Press 1, hear a line that collects nothing, hear "Goodbye.": the two prompt ends are byte-identical. */
function goodbyeFlow(ends: CallEnd[] = []) {
  return defineFlow({
    id: 'goodbye',
    version: 1,
    direction: 'inbound',
    start: 'welcome',
    nodes: {
      welcome: menu({ prompt: 'Press 1 to hear our hours.', options: { 1: 'hours' } }),
      hours: say({ prompt: OPEN, next: 'bye' }),
      bye: hangup({ prompt: 'Goodbye.' }),
    },
    onEnd: (end) => {
      ends.push(end);
    },
  });
}

const balanceCaller = {
  rules: [
    { prompt: 1, press: '1', afterMs: 300 },
    { prompt: 2, press: '12345678', afterMs: 500 },
    { prompt: 4, press: '2', afterMs: 200 },
  ],
};
const BALANCE_HEARD = [
  expect.stringMatching(/^Welcome to Example Bank\. /),
  'Please enter your eight digit account number.',
  'The balance of account ending 5678 is 1,234.56 dollars.',
  'For the main menu, press 1. To end this call, press 2.',
  'Thank you for calling Example Bank. Goodbye.',
];

function placeCall(h: Harness, caller: object = balanceCaller, from = '15558675309') {
  return h.sim.placeInboundCall({ to: h.sim.numbers()[0] as string, from, caller });
}

/** The events the simulator sent for a call, as TeleSign would sign them: what someone on the path could capture. */
function captured(h: Harness, referenceId: string): Array<{ event: VoiceEvent; body: string }> {
  return h.sim.transcript(referenceId).entries.flatMap((entry) => {
    if (entry.kind !== 'event') return [];
    return [{ event: entry.event, body: JSON.stringify(entry.event) }];
  });
}

/** POSTs a captured body again, signed as TeleSign signed it, to the adapter's event URL. */
async function replay(h: Harness, body: string): Promise<{ status: number; text: string }> {
  const headers = { 'content-type': 'application/json', ...signCallback(h.sim.credentials, body) };
  if (h.eventUrl) {
    const response = await fetch(h.eventUrl, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  }
  const answer = await h.app.handle({ method: 'POST', path: '/events', headers: new Headers(headers), body });
  return { status: answer.status, text: answer.body ?? '' };
}

const MODES: Mode[] = ['http', 'http-loopback'];

describe.each(MODES)('the TeleSign profile (%s)', (mode) => {
  it('identical prompt ends: "Goodbye." is said once and the call ends', async () => {
    const ends: CallEnd[] = [];
    const h = await harness({ mode, flow: goodbyeFlow(ends) });
    expect(h.sim.offers).toEqual({ callQuery: false, eventSocket: false });
    const call = placeCall(h, { rules: [{ prompt: 1, press: '1', afterMs: 300 }] });
    await h.run(undefined, 600_000);
    expect(h.heard(call.reference_id)).toEqual(['Press 1 to hear our hours.', OPEN, 'Goodbye.']);
    expect(h.sim.call(call.reference_id)?.state).toBe('completed');
    expect(ends.map((e) => e.reason)).toEqual(['hung_up']);
    // Its two prompt ends carried the same JSON.
    const ended = captured(h, call.reference_id).filter((c) => c.event.event === 'speak_completed');
    expect(ended.at(-1)?.body).toBe(ended.at(-2)?.body);
  });

  it('identical prompt ends with every event delivered twice: the same call, no action taken twice', async () => {
    const h = await harness({ mode, flow: goodbyeFlow(), faults: { duplicate: 1 } });
    const call = placeCall(h, { rules: [{ prompt: 1, press: '1', afterMs: 300 }] });
    await h.run(undefined, 600_000);
    expect(h.heard(call.reference_id)).toEqual(['Press 1 to hear our hours.', OPEN, 'Goodbye.']);
    expect(h.sim.violations(call.reference_id)).toEqual([]);
  });

  it('replayed signed events are refused where they can be told apart', async () => {
    const h = await harness({ mode, flow: createBankFlow() });
    const call = placeCall(h);
    const id = call.reference_id;
    // Capture the menu keypress, then replay it while the balance is read out (a prompt collecting no digits).
    await h.runUntil(() => h.heard(id).length === 3);
    const menuPress = captured(h, id).find((c) => c.event.event === 'speak_completed');
    expect(menuPress?.event).toMatchObject({ data: { collected_digits: '1' } });
    const outOfTurn = await replay(h, menuPress?.body as string);
    expect(outOfTurn).toEqual({ status: 200, text: '' });
    // The account number again, at once: the answer given then, never applied twice.
    const account = captured(h, id).find((c) => JSON.stringify(c.event).includes('12345678'));
    const again = await replay(h, account?.body as string);
    expect(JSON.parse(again.text)).toMatchObject({ method: 'speak' });
    await h.run(undefined, 600_000);
    expect(h.heard(id)).toEqual(BALANCE_HEARD);
    const record = await h.app.runtime.get(id);
    expect(record?.summary.digits).toEqual(['1', '12345678', '2']);
    // After the call ended: every captured event is refused.
    for (const c of captured(h, id)) expect(await replay(h, c.body)).toEqual({ status: 200, text: '' });
    expect((await h.app.runtime.get(id))?.summary.digits).toEqual(['1', '12345678', '2']);
  });

  it('10 % of events lost: every call ends, none waits in silence until the cap', async () => {
    const h = await harness({ mode, flow: createBankFlow(), faults: { lose: 0.1 }, seed: 5 });
    const ids = Array.from({ length: 12 }, (_, i) =>
      placeCall(h, balanceCaller, `1555867${String(1000 + i)}`),
    );
    await h.run(undefined, 20 * 60_000);
    // A call whose incoming_call was lost is unknown to the adapter (without the Call Query API nothing can find it):
    // its caller hears ringing, not silence, and hangs up.
    for (const c of ids) {
      if (h.sim.call(c.reference_id)?.state !== 'ringing') continue;
      expect(await h.app.runtime.get(c.reference_id)).toBeUndefined();
      h.sim.hangup(c.reference_id);
    }
    await h.run(undefined, 60_000);
    // A lost call_completed is found out by the adapter's own deadline (the simulator has nothing left to do).
    await h.advance(10 * 60_000);
    const lost = ids.filter((c) =>
      h.sim.transcript(c.reference_id).entries.some((e) => e.kind === 'delivery' && e.outcome === 'lost'),
    );
    expect(lost.length).toBeGreaterThan(0);
    for (const c of ids) {
      expect(h.sim.call(c.reference_id)?.state).toBe('completed');
      expect(h.sim.violations(c.reference_id)).toEqual([]);
    }
    for (const c of ids) {
      const record = await h.app.runtime.get(c.reference_id);
      const answered = h.sim.transcript(c.reference_id).entries.some((e) => e.kind === 'action');
      // The adapter saw the call end, or its flow ended it (hung up, then gave up waiting for call_completed).
      if (answered) expect(record?.ended || record?.flow_done).toBe(true);
    }
  }, 30_000);
});

describe('one write per applied event: a failed or hung store write inside an event with an inline lookup', () => {
  /** Wraps a store: `fail(n)` decides what the n-th compareAndSet does. */
  function faultyStore(
    inner: Store,
    fail: (n: number) => 'throw' | 'hang-before' | 'hang-after' | undefined,
    onHang: () => void,
  ): Store & { writes: number } {
    const store = {
      ...inner,
      writes: 0,
      async compareAndSet(key: string, value: never, expected: number) {
        store.writes++;
        const fault = fail(store.writes);
        if (fault === 'throw') throw new Error('store write failed');
        if (fault === 'hang-before') {
          onHang();
          return new Promise<never>(() => {});
        }
        const result = await inner.compareAndSet(key, value, expected);
        if (fault === 'hang-after') {
          onHang();
          return new Promise<never>(() => {});
        }
        return result;
      },
    } as Store & { writes: number };
    return store;
  }

  /** The writes of a fault-free call, and which of them belong to the account-number event (its inline lookup). */
  async function writesOfLookupEvent(): Promise<number[]> {
    const inner = createMemoryStore();
    const marks: number[] = [];
    const store = faultyStore(
      inner,
      () => undefined,
      () => {},
    );
    const h = await harness({ mode: 'http', flow: createBankFlow(), store });
    h.app.subscribe((notice) => {
      if (notice.type === 'event' && notice.event === 'speak_completed') marks.push(store.writes);
    });
    const call = placeCall(h);
    await h.run(undefined, 600_000);
    expect(h.heard(call.reference_id)).toEqual(BALANCE_HEARD);
    // The account number is the second speak_completed: its writes are those after the first one's.
    const [first, second] = marks as [number, number];
    return Array.from({ length: second - first }, (_, i) => first + i + 1);
  }

  it('writes once for the event, its lookup and its answer', async () => {
    expect(await writesOfLookupEvent()).toHaveLength(1);
  });

  it.each(['throw', 'hang-before', 'hang-after'] as const)(
    'a store that %s at that write: the call goes on as if nothing happened',
    async (fault) => {
      const [write] = await writesOfLookupEvent();
      const inner = createMemoryStore();
      let h: Harness | undefined;
      let hung = false;
      const store = faultyStore(
        inner,
        (n) => (n === write ? fault : undefined),
        () => {
          hung = true;
        },
      );
      h = await harness({ mode: 'http', flow: createBankFlow(), store, deliveryTimeoutMs: 200 });
      const call = placeCall(h);
      const id = call.reference_id;
      // A hung write stands for a dead process: once it hangs, the process is killed and another starts.
      await h.runUntil(() => hung || h?.sim.call(id)?.state === 'completed', 600_000);
      if (hung) await h.crash();
      await h.run(undefined, 600_000);
      expect(h.heard(id)).toEqual(BALANCE_HEARD);
      expect(h.sim.violations(id)).toEqual([]);
      expect((await h.app.runtime.get(id))?.summary.digits).toEqual(['1', '12345678', '2']);
    },
  );
});

describe('an inbound flow with its own cap', () => {
  it.each(MODES)('hangs up at the cap and ends with max_duration (%s)', async (mode) => {
    const ends: CallEnd[] = [];
    const flow = defineFlow({
      id: 'talkative',
      version: 1,
      direction: 'inbound',
      start: 'a',
      maxCallDurationSeconds: 60,
      maxCallDurationPrompt: 'This call has reached its time limit. Goodbye.',
      nodes: {
        a: say({ prompt: 'Here is a long story, part one of many.', next: 'b' }),
        b: say({ prompt: 'And here the story goes on, part two of many.', next: 'a' }),
      },
      onEnd: (end) => {
        ends.push(end);
      },
    });
    const h = await harness({ mode, flow });
    const call = placeCall(h, {});
    await h.run(undefined, 600_000);
    const info = h.sim.call(call.reference_id);
    expect(info?.state).toBe('completed');
    expect(ends.map((e) => e.reason)).toEqual(['max_duration']);
    // The prompt playing at the cap ends, then the closing prompt, then the flow hangs up.
    expect(h.heard(call.reference_id).at(-1)).toBe('This call has reached its time limit. Goodbye.');
    const hangupAt = h.sim
      .transcript(call.reference_id)
      .entries.find((e) => e.kind === 'hangup' && e.by === 'customer');
    expect(hangupAt?.t).toBeGreaterThanOrEqual(60_000);
    expect(hangupAt?.t).toBeLessThan(80_000);
  });
});
