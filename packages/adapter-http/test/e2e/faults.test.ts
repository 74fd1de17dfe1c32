import { createBankFlow, createFakeBank, createSatisfactionSurveyFlow } from '@ivrkit/machines/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { createCampaign, type Store } from '../../src/index.js';
import { adapterClock } from '../sim-helpers.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

const balanceCaller = {
  rules: [
    { says: 'Welcome to Example Bank', press: '1' },
    { says: 'eight digit account number', press: '12345678' },
    { says: 'For the main menu, press 1. To end this call, press 2.', press: '2' },
  ],
};

async function bankCall(options: Omit<HarnessOptions, 'flow'>) {
  const h = await startHarness({ flow: createBankFlow(), ...options });
  harnesses.push(h);
  const call = h.sim.placeInboundCall({
    to: h.sim.numbers()[0] as string,
    from: '15558675309',
    caller: balanceCaller,
  });
  return { h, call };
}

function expectBalanceRead(h: Harness, referenceId: string) {
  const heard = h.heard(referenceId);
  expect(heard).toEqual([
    expect.stringMatching(/^Welcome to Example Bank\. /),
    'Please enter your eight digit account number.',
    'The balance of account ending 5678 is 1,234.56 dollars.',
    'For the main menu, press 1. To end this call, press 2.',
    'Thank you for calling Example Bank. Goodbye.',
  ]);
  expect(h.sim.violations()).toEqual([]);
}

const deliveries = (h: Harness, referenceId: string) =>
  h.sim.transcript(referenceId).entries.flatMap((e) => (e.kind === 'delivery' ? [e.outcome] : []));

describe('faulty delivery over HTTP', () => {
  it('every event delivered twice: duplicates are answered as before, never applied twice', async () => {
    const { h, call } = await bankCall({ mode: 'http', faults: { duplicate: 1 } });
    await h.run();
    expectBalanceRead(h, call.reference_id);
    expect(deliveries(h, call.reference_id).filter((o) => o === 'duplicated').length).toBeGreaterThanOrEqual(
      5,
    );
    const record = await h.app.runtime.get(call.reference_id);
    expect(record?.summary.digits).toEqual(['1', '12345678', '2']);
    expect(
      h.logger.records.filter((r) => r.msg === 'redelivered event answered as before').length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('reordered and delayed events do not corrupt the call', async () => {
    const { h, call } = await bankCall({
      mode: 'http',
      faults: { reorder: 0.5, delay: { probability: 0.5, minMs: 100, maxMs: 2_000 } },
      seed: 3,
    });
    await h.run();
    expectBalanceRead(h, call.reference_id);
    const outcomes = deliveries(h, call.reference_id);
    expect(outcomes).toContain('delayed');
    expect(outcomes).toContain('held_back');
  });

  it('a failing event URL (first attempt of every event refused): TeleSign retries, nothing is lost', async () => {
    const { h, call } = await bankCall({ mode: 'http', faults: { failFirstAttempts: 1 } });
    await h.run();
    expectBalanceRead(h, call.reference_id);
    expect(deliveries(h, call.reference_id).filter((o) => o === 'failed').length).toBeGreaterThanOrEqual(5);
  });

  it('an adapter that fails (its store down) answers 500; the retried event is applied once', async () => {
    let failures = 2;
    const wrapStore = (store: Store): Store => ({
      ...store,
      get: (key) => (failures-- > 0 ? Promise.reject(new Error('store down')) : store.get(key)),
    });
    const { h, call } = await bankCall({ mode: 'http', wrapStore });
    await h.run();
    expectBalanceRead(h, call.reference_id);
    expect(deliveries(h, call.reference_id).filter((o) => o === 'failed')).toHaveLength(2);
  });

  it('over a WebSocket (where nobody re-sends), a failing store is retried by the transport', async () => {
    let failures = 2;
    const wrapStore = (store: Store): Store => ({
      ...store,
      get: (key) => (failures-- > 0 ? Promise.reject(new Error('store down')) : store.get(key)),
    });
    const { h, call } = await bankCall({ mode: 'websocket', wrapStore });
    await h.run();
    expectBalanceRead(h, call.reference_id);
    expect(h.logger.records.filter((r) => r.msg === 'socket event handling failed, retrying')).toHaveLength(
      2,
    );
  });

  it('an answer too slow for TeleSign is discarded; with the [ours] Call Query API the retry gets the same answer', async () => {
    const { h, call } = await bankCall({
      mode: 'http',
      faults: { slowEventUrl: { probability: 0.4, minMs: 6_000, maxMs: 7_000 } },
      seed: 11,
      callQuery: true,
    });
    await h.run();
    expectBalanceRead(h, call.reference_id);
    expect(deliveries(h, call.reference_id)).toContain('timeout');
  });

  it('an answer too slow for TeleSign, without the Call Query API: the call still ends, no action is taken twice', async () => {
    // The retry of a keypress whose answer never reached TeleSign, arriving after that answer could have been
    // completed with the same keys, is taken as that completion: the delivery model's stated window.
    const { h, call } = await bankCall({
      mode: 'http',
      faults: { slowEventUrl: { probability: 0.4, minMs: 6_000, maxMs: 7_000 } },
      seed: 11,
    });
    await h.run();
    expect(deliveries(h, call.reference_id)).toContain('timeout');
    expect(h.sim.call(call.reference_id)?.state).toBe('completed');
    expect(h.sim.violations(call.reference_id)).toEqual([]);
    expect((await h.app.runtime.get(call.reference_id))?.ended).toBe(true);
  });
});

describe('429s', () => {
  it('a campaign under the account rate limit waits and finishes every call, each dialled once', async () => {
    const h = await startHarness({
      mode: 'http',
      flow: createSatisfactionSurveyFlow(),
      rateLimit: { requests: 2, perMs: 5_000 },
      clientRetry: { limit: 0 },
    });
    harnesses.push(h);
    const numbers = ['15555550201', '15555550202', '15555550203', '15555550204'];
    for (const number of numbers) {
      h.sim.setCallee(number, { outcome: 'answered', caller: { rules: [{ prompt: 1, press: '5' }] } });
    }
    const limited: string[] = [];
    const campaign = createCampaign({
      id: 'rate',
      numbers,
      callerId: h.sim.numbers()[0] as string,
      cps: 10,
      concurrency: 10,
      runtime: h.app.runtime,
      client: h.client,
      store: h.store,
      clock: adapterClock(h.clock),
      onProgress: (p) => {
        if (p.type === 'rate_limited') limited.push(p.number as string);
      },
    });
    const running = campaign.run();
    await h.run(running);
    const report = await running;
    expect(limited.length).toBeGreaterThan(0);
    expect(report.rows.map((r) => [r.outcome, r.attempts, r.digits])).toEqual(
      numbers.map(() => ['completed', 1, '5']),
    );
    expect(h.sim.calls()).toHaveLength(4);
  });
});

describe('restarts and reconnects', () => {
  it('an adapter restart mid-call (file store) continues the call where it was', async () => {
    const { h, call } = await bankCall({ mode: 'http', fileStore: true });
    // Run until the caller is being asked for the account number, then "kill" the adapter.
    await h.runUntil(() => h.heard(call.reference_id).length === 2);
    await h.restart();
    await h.run();
    expectBalanceRead(h, call.reference_id);
  });

  it('a restart while a slow lookup is pending re-runs it and sends the answer by the Customer Action API', async () => {
    let slow = true;
    const bank = createFakeBank();
    const flaky = {
      balance: (account: string, signal: AbortSignal) =>
        slow ? new Promise<string>(() => {}) : bank.balance(account, signal),
    };
    const h = await startHarness({
      mode: 'http',
      flow: createBankFlow({ bank: flaky, balanceTimeoutMs: 60_000 }),
      fileStore: true,
      answerBudgetMs: 50,
    });
    harnesses.push(h);
    const call = h.sim.placeInboundCall({
      to: h.sim.numbers()[0] as string,
      from: '15558675309',
      caller: balanceCaller,
    });
    await h.runUntil(
      async () => ((await h.app.runtime.get(call.reference_id))?.pending_lookups.length ?? 0) > 0,
    );
    const before = await h.app.runtime.get(call.reference_id);
    expect(before?.pending_lookups.map((l) => l.name)).toEqual(['balance']);
    slow = false;
    await h.restart();
    await h.run();
    expectBalanceRead(h, call.reference_id);
    const sources = h.sim
      .transcript(call.reference_id)
      .entries.flatMap((e) => (e.kind === 'action' ? [e.source] : []));
    expect(sources).toContain('post');
  });

  it('a dropped event socket is re-opened and the call goes on', async () => {
    const { h, call } = await bankCall({ mode: 'websocket' });
    await h.runUntil(() => h.heard(call.reference_id).length === 2);
    h.dropSockets();
    await h.run();
    expectBalanceRead(h, call.reference_id);
    expect(h.socket?.connections).toBeGreaterThanOrEqual(2);
  });

  it('a restart in WebSocket mode (file store) reconnects and continues', async () => {
    const { h, call } = await bankCall({ mode: 'websocket', fileStore: true });
    await h.runUntil(() => h.heard(call.reference_id).length === 2);
    await h.restart();
    await h.run();
    expectBalanceRead(h, call.reference_id);
  });

  it('a restart in events-off mode resumes polling from the stored cursor', async () => {
    const { h, call } = await bankCall({ mode: 'polling', fileStore: true });
    await h.runUntil(() => h.heard(call.reference_id).length === 2);
    await h.restart();
    await h.run();
    expectBalanceRead(h, call.reference_id);
  });
});
