import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_FORMAT, campaignKey, campaignRowKey } from '../src/campaign/campaign-ledger.js';
import {
  type CallRuntime,
  CampaignListMismatchError,
  type CampaignProgress,
  createCallRuntime,
  createCampaign,
  createManualClock,
  createMemoryStore,
  createTokenBucket,
  type FlowEngine,
  HttpError,
  type Json,
  type ManualClock,
  parseNumbersCsv,
  reportToCsv,
  type Store,
} from '../src/index.js';
import { drive } from './helpers.js';

/** Outbound: on answer, ask one digit; then hang up. */
const reminderEngine: FlowEngine = {
  id: 'reminder@1',
  step(snapshot, input) {
    const at = (snapshot as { at?: string } | undefined)?.at ?? 'start';
    if ('event' in input && input.event === 'dial_completed' && input.data.status === 'answered') {
      return {
        snapshot: { at: 'asked' },
        actions: [
          {
            method: 'speak',
            params: { tts: { message: 'Press 1 to confirm.' }, collect_digits: { max: 1 } },
          },
        ],
        done: false,
        lookups: [],
      };
    }
    if ('event' in input && input.event === 'speak_completed' && at === 'asked') {
      return {
        snapshot: { at: 'bye' },
        actions: [{ method: 'hangup', params: {} }],
        done: false,
        lookups: [],
      };
    }
    return {
      snapshot: { at },
      actions: [],
      done: 'event' in input && input.event === 'call_completed',
      lookups: [],
    };
  },
  lookup: async () => undefined,
};

type Behaviour = 'answered' | 'busy' | 'no_answer';

/** A fake TeleSign: dials, then plays each call's events into the runtime on the manual clock. */
function fakeTeleSign(
  clock: ManualClock,
  runtime: () => CallRuntime,
  script: (to: string, attempt: number) => Behaviour,
  options: { callMs?: number; rateLimitFirst?: number; prefix?: string } = {},
) {
  const dials: Array<{ at: number; to: string; external_id: string | undefined }> = [];
  const attempts = new Map<string, number>();
  let active = 0;
  let maxActive = 0;
  let limited = options.rateLimitFirst ?? 0;
  const calls: Array<{ reference_id: string; external_id?: string; state: string; last_sequence: number }> =
    [];
  const client = {
    async dial(params: { to: string; external_id?: string }) {
      if (limited > 0) {
        limited--;
        throw new HttpError({
          method: 'POST',
          url: 'https://t/v2/voice',
          httpStatus: 429,
          body: { status: 'rate_limit_exceeded' },
          headers: new Headers({ 'retry-after': '2' }),
        });
      }
      const attempt = (attempts.get(params.to) ?? 0) + 1;
      attempts.set(params.to, attempt);
      const reference_id = `${options.prefix ?? 'ref'}-${dials.length + 1}`;
      dials.push({ at: clock.now(), to: params.to, external_id: params.external_id });
      calls.push({
        reference_id,
        ...(params.external_id ? { external_id: params.external_id } : {}),
        state: 'ringing',
        last_sequence: 0,
      });
      active++;
      maxActive = Math.max(maxActive, active);
      const outcome = script(params.to, attempt);
      const base = { reference_id, data: { to: params.to, from: '15555551212' } };
      const end = (duration: number, status: string) => {
        active--;
        void runtime().deliver({
          event: 'call_completed',
          reference_id,
          data: {
            duration,
            created_on_utc: '2026-11-24 05:00:00.000',
            answered_on_utc: '',
            ended_on_utc: '2026-11-24 05:00:10.000',
            status: status as 'hangup',
            audio_recording_file_name: '',
            to: params.to,
            from: '15555551212',
            direction: 'outbound',
          },
        });
      };
      clock.setTimeout(() => {
        void runtime()
          .deliver({ event: 'dial_completed', ...base, data: { ...base.data, status: outcome } })
          .then(() => {
            if (outcome !== 'answered') return end(0, outcome);
            clock.setTimeout(() => {
              void runtime()
                .deliver({
                  event: 'speak_completed',
                  reference_id,
                  data: { status: 'speak_successful', collected_digits: '1' },
                })
                .then(() => end(12, 'hangup'));
            }, options.callMs ?? 3_000);
          });
      }, 1_000);
      return { reference_id, status: 'dial_accepted' };
    },
    calls: {
      list: async () => ({ calls: calls.map((c) => ({ ...c })) }),
      get: async (id: string) => ({ reference_id: id, state: 'in_progress', last_sequence: 0 }),
      events: async () => ({ reference_id: '', events: [], last_sequence: 0 }),
    },
  };
  return { client, dials, stats: () => ({ maxActive, active }) };
}

function setup(
  numbers: string[],
  script: (to: string, attempt: number) => Behaviour,
  options: {
    cps?: number;
    concurrency?: number;
    callMs?: number;
    rateLimitFirst?: number;
    store?: Store;
    prefix?: string;
    clock?: ManualClock;
  } = {},
) {
  const clock = options.clock ?? createManualClock(Date.parse('2026-11-24T05:00:00Z'));
  const store = options.store ?? createMemoryStore();
  const runtime = createCallRuntime({ engine: reminderEngine, store, send: async () => {}, clock });
  // Events go to whichever runtime is live: after a "crash", to the new process's.
  const target = { runtime };
  const telesign = fakeTeleSign(clock, () => target.runtime, script, options);
  const progress: CampaignProgress[] = [];
  const campaign = createCampaign({
    id: 'c1',
    numbers,
    callerId: '15555551212',
    cps: options.cps ?? 5,
    concurrency: options.concurrency ?? 100,
    runtime,
    client: telesign.client as never,
    store,
    clock,
    retry: { attempts: 3, backoffMs: 30_000 },
    onProgress: (p) => progress.push(p),
  });
  return { clock, store, runtime, target, campaign, progress, ...telesign };
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => `1555555${String(1000 + i)}`);

/** The most dials in any half-open one-second window. */
function maxPerSecond(times: number[]): number {
  let max = 0;
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t < start + 1_000).length);
  return max;
}

describe('token bucket', () => {
  it('never lets more than the rate through in any one-second window', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (rate, steps) => {
          let now = 0;
          const bucket = createTokenBucket({ ratePerSecond: rate, now: () => now });
          const taken: number[] = [];
          for (const step of steps) {
            now += step;
            if (bucket.tryTake() === 0) taken.push(now);
          }
          expect(maxPerSecond(taken)).toBeLessThanOrEqual(Math.ceil(rate - 1e-9));
        },
      ),
    );
  });

  it('tells how long to wait for the next token', () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 4, now: () => now });
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(250);
    now += 250;
    expect(bucket.tryTake()).toBe(0);
    expect(() => createTokenBucket({ ratePerSecond: 0, now: () => 0 })).toThrow(RangeError);
  });

  it('takes back a token given back, never above its capacity', () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 4, now: () => now });
    expect(bucket.tryTake()).toBe(0);
    bucket.putBack();
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(250);
    now += 1_000;
    bucket.putBack();
    expect(bucket.available()).toBe(1);
  });
});

describe('campaign', () => {
  it('keeps to the calls-per-second limit and finishes every number', async () => {
    const { campaign, clock, dials } = setup(numbers(30), () => 'answered', { cps: 5 });
    const report = await drive(clock, campaign.run(), 50);
    expect(dials).toHaveLength(30);
    expect(maxPerSecond(dials.map((d) => d.at))).toBeLessThanOrEqual(5);
    // 30 calls at 5 per second take about 6 seconds to start: the limit is not starving either.
    expect((dials.at(-1)?.at ?? 0) - (dials[0]?.at ?? 0)).toBeLessThan(6_500);
    expect(report.totals.completed).toBe(30);
    expect(report.rows[0]).toMatchObject({ outcome: 'completed', digits: '1', duration: 12, attempts: 1 });
  });

  it('never has more calls in flight than the cap', async () => {
    const { campaign, clock, stats } = setup(numbers(20), () => 'answered', {
      cps: 100,
      concurrency: 3,
      callMs: 10_000,
    });
    const report = await drive(clock, campaign.run(), 500);
    expect(stats().maxActive).toBe(3);
    expect(report.totals.completed).toBe(20);
  });

  it('retries busy and no-answer with growing backoff, up to the attempt limit', async () => {
    const script = (to: string, attempt: number): Behaviour =>
      to.endsWith('1000') ? (attempt < 3 ? 'busy' : 'answered') : 'no_answer';
    const { campaign, clock, dials, progress } = setup(numbers(2), script);
    const report = await drive(clock, campaign.run(), 500);
    const first = dials.filter((d) => d.to.endsWith('1000')).map((d) => d.at);
    expect(first).toHaveLength(3);
    expect((first[1] as number) - (first[0] as number)).toBeGreaterThanOrEqual(30_000);
    expect((first[2] as number) - (first[1] as number)).toBeGreaterThanOrEqual(60_000);
    expect(report.rows.map((r) => [r.outcome, r.attempts])).toEqual([
      ['completed', 3],
      ['no_answer', 3],
    ]);
    expect(dials.map((d) => d.external_id)).toContain('c1:0:3');
    expect(progress.filter((p) => p.type === 'retry_scheduled')).toHaveLength(4);
    expect(progress.at(-1)).toMatchObject({ type: 'done', counts: { total: 2, done: 2 } });
  });

  it('waits out a 429 without counting it as an attempt', async () => {
    const { campaign, clock, dials, progress } = setup(numbers(1), () => 'answered', { rateLimitFirst: 2 });
    const started = clock.now();
    const report = await drive(clock, campaign.run(), 100);
    expect(progress.filter((p) => p.type === 'rate_limited')).toHaveLength(2);
    expect((dials[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(4_000);
    expect(report.rows[0]).toMatchObject({ outcome: 'completed', attempts: 1 });
  });

  it('resumes after a crash without calling anyone twice', async () => {
    const list = numbers(6);
    const first = setup(list, () => 'answered', { cps: 1, callMs: 20_000 });
    void first.campaign.run();
    // Run until three calls were placed, then "crash": copy the store as it is at that instant.
    for (let i = 0; i < 200 && first.dials.length < 3; i++) await first.clock.advanceAsync(100);
    expect(first.dials).toHaveLength(3);
    const copy = createMemoryStore();
    for (const key of await first.store.keys('')) {
      const entry = await first.store.get(key);
      if (entry) await copy.compareAndSet(key, entry.value, 0);
    }
    first.campaign.stop();

    const second = setup(list, () => 'answered', { cps: 1, store: copy, prefix: 'new', clock: first.clock });
    // TeleSign keeps the calls placed before the crash going; their events now reach the new process.
    first.target.runtime = second.runtime;
    const report = await drive(second.clock, second.campaign.run(), 100);
    expect(second.dials.map((d) => d.to)).toEqual(list.slice(3));
    expect(report.rows.map((r) => [r.outcome, r.attempts])).toEqual(list.map(() => ['completed', 1]));
    expect(report.rows.slice(0, 3).map((r) => r.reference_id)).toEqual(['ref-1', 'ref-2', 'ref-3']);
  });
});

describe('campaign storage', () => {
  it('writes one small row per transition, whatever the length of the list', async () => {
    const inner = createMemoryStore();
    const writes: Array<{ key: string; bytes: number }> = [];
    const store: Store = {
      ...inner,
      compareAndSet: (key, value, version) => {
        writes.push({ key, bytes: JSON.stringify(value).length });
        return inner.compareAndSet(key, value, version);
      },
    };
    const { campaign, clock } = setup(numbers(400), () => 'answered', { cps: 100, store });
    const report = await drive(clock, campaign.run(), 100);
    expect(report.totals.completed).toBe(400);
    const campaignWrites = writes.filter((w) => w.key.startsWith('campaign'));
    // Created: 400 rows and the header; then dialing, in flight and done per row; then the header's finish.
    expect(campaignWrites).toHaveLength(400 + 1 + 3 * 400 + 1);
    expect(Math.max(...campaignWrites.map((w) => w.bytes))).toBeLessThan(400);
    expect(new Set(campaignWrites.map((w) => w.key)).size).toBe(401);
  });

  it('keeps the keys of campaigns whose ids look alike apart', () => {
    const keys = [
      campaignRowKey('a/1', 2),
      campaignRowKey('a', 12),
      campaignRowKey('a/12', 0),
      campaignKey('a/1'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses to re-run an id with a different number list, and resumes it with the same one', async () => {
    const store = createMemoryStore();
    const first = setup(numbers(3), () => 'answered', { store });
    await drive(first.clock, first.campaign.run(), 100);
    const other = setup([...numbers(2), '15555559999'], () => 'answered', { store });
    await expect(other.campaign.run()).rejects.toThrow(CampaignListMismatchError);
    await expect(other.campaign.run()).rejects.toThrow(
      'campaign "c1" was started with a different number list (3 numbers; this one has 3): re-run it with its ' +
        'original list to resume it, or give the new list another campaign id',
    );
    expect(other.dials).toEqual([]);
    const same = setup(numbers(3), () => 'answered', { store });
    const report = await drive(same.clock, same.campaign.run(), 100);
    expect(report.totals.completed).toBe(3);
    expect(same.dials).toEqual([]);
  });

  it('compares the length of the list with a campaign stored before lists were fingerprinted', async () => {
    const store = createMemoryStore();
    const first = setup(numbers(2), () => 'answered', { store });
    await drive(first.clock, first.campaign.run(), 100);
    const header = await store.get<{ [key: string]: Json | undefined }>(campaignKey('c1'));
    const { numbers_sha256: _dropped, ...older } = header?.value ?? {};
    await store.compareAndSet(campaignKey('c1'), older, header?.version ?? 0);
    await expect(setup(numbers(5), () => 'answered', { store }).campaign.run()).rejects.toThrow(
      /2 numbers; this one has 5/,
    );
    const report = await drive(
      first.clock,
      setup(numbers(2), () => 'answered', { store }).campaign.run(),
      100,
    );
    expect(report.totals.completed).toBe(2);
  });

  it('refuses to resume a campaign stored in another format, saying which', async () => {
    const store = createMemoryStore();
    await store.compareAndSet(campaignKey('c1'), { id: 'c1', rows: [] }, 0);
    const { campaign } = setup(numbers(1), () => 'answered', { store });
    await expect(campaign.run()).rejects.toThrow(
      /campaign c1: stored as undefined, expected ivrkit\.campaign\/2/,
    );
  });
});

describe('campaign crash while dialling', () => {
  it('settles a row caught mid-dial from the Call Query API by its external_id, never dialling it again', async () => {
    const list = numbers(2);
    const first = setup(list, () => 'answered', { cps: 100 });
    // The first process dies between "about to dial" and the answer: its dial never returns.
    const hang = first.client.dial;
    let calls = 0;
    first.client.dial = async (params) => {
      calls++;
      if (calls === 2) {
        await hang(params); // TeleSign placed the call...
        return new Promise(() => {}); // ...but the answer never reached us.
      }
      return hang(params);
    };
    void first.campaign.run();
    for (let i = 0; i < 50 && first.dials.length < 2; i++) await first.clock.advanceAsync(10);
    const copy = createMemoryStore();
    for (const key of await first.store.keys('')) {
      const entry = await first.store.get(key);
      if (entry) await copy.compareAndSet(key, entry.value, 0);
    }
    first.campaign.stop();
    const statuses = await Promise.all(
      [0, 1].map(
        async (index) => (await copy.get<{ status: string }>(campaignRowKey('c1', index)))?.value.status,
      ),
    );
    expect(statuses).toEqual(['in_flight', 'dialing']);

    const second = setup(list, () => 'answered', { store: copy, clock: first.clock, prefix: 'new' });
    // The new process sees the calls TeleSign placed (the same account).
    second.client.calls.list = first.client.calls.list;
    first.target.runtime = second.runtime;
    const progress = second.progress;
    const report = await drive(second.clock, second.campaign.run(), 100);
    expect(second.dials).toEqual([]);
    expect(progress.filter((p) => p.type === 'adopted').map((p) => p.reference_id)).toEqual(['ref-2']);
    expect(report.rows.map((r) => [r.outcome, r.attempts, r.reference_id])).toEqual([
      ['completed', 1, 'ref-1'],
      ['completed', 1, 'ref-2'],
    ]);
  });

  it('reports a row caught mid-dial as error when no call was placed', async () => {
    const store = createMemoryStore();
    const seeded = setup(numbers(1), () => 'answered', { store });
    await store.compareAndSet(
      campaignRowKey('c1', 0),
      {
        index: 0,
        number: '15555551000',
        tags: {},
        status: 'dialing',
        attempts: 1,
        next_at: 0,
        reference_id: null,
        dialed_at: null,
        outcome: null,
        digits: [],
        duration: 0,
        detail: null,
        external_id: null,
        references: [],
      },
      0,
    );
    await store.compareAndSet(
      campaignKey('c1'),
      { format: CAMPAIGN_FORMAT, id: 'c1', started_at: seeded.clock.now(), finished_at: null, rows: 1 },
      0,
    );
    const report = await drive(seeded.clock, seeded.campaign.run(), 100);
    expect(seeded.dials).toEqual([]);
    expect(report.rows[0]).toMatchObject({ outcome: 'error', attempts: 1 });
  });
});

describe('report', () => {
  it('renders CSV with the five columns, quoting where needed', () => {
    const csv = reportToCsv({
      rows: [
        { number: '15555550100', outcome: 'completed', digits: '1 42', duration: 31, attempts: 1 },
        { number: '=cmd', outcome: 'refused', digits: 'a,"b"', duration: 0, attempts: 0 },
      ] as never,
    });
    expect(csv).toBe(
      'number,outcome,digits,duration,attempts\r\n15555550100,completed,1 42,31,1\r\n\'=cmd,refused,"a,""b""",0,0\r\n',
    );
  });

  it('reads numbers from CSV with or without a header', () => {
    expect(parseNumbersCsv('15555550100\n# note\n\n15555550101\n')).toEqual([
      { number: '15555550100', tags: {} },
      { number: '15555550101', tags: {} },
    ]);
    expect(parseNumbersCsv('name,number\n"Lovelace, Ada",15555550100\n')).toEqual([
      { number: '15555550100', tags: { name: 'Lovelace, Ada' } },
    ]);
  });

  it("reads an external_id column as the external_id of the row's calls", () => {
    expect(parseNumbersCsv('number,external_id,name\n15555550100,appt-1,Ada\n15555550101,,Bo\n')).toEqual([
      { number: '15555550100', tags: { name: 'Ada' }, externalId: 'appt-1' },
      { number: '15555550101', tags: { name: 'Bo' } },
    ]);
  });
});
