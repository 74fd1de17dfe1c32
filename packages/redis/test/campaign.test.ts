import {
  type CallRuntime,
  type CampaignPacer,
  type CampaignReport,
  createCallRuntime,
  createCampaign,
  type FlowEngine,
} from '@ivrkit/adapter-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, createRedisPacer, createRedisStore, type RedisConnection } from '../src/index.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../src/testing.js';

/** Outbound: nothing to say; the call ends when TeleSign says so. */
const silentEngine: FlowEngine = {
  id: 'silent@1',
  step: (_, input) => ({
    snapshot: {},
    actions: [],
    done: 'event' in input && input.event === 'call_completed',
    lookups: [],
  }),
  lookup: async () => undefined,
};

/** A fake TeleSign shared by the workers: records each dial, then answers and ends the call into `runtime`. */
function fakeTeleSign(runtimeOf: (referenceId: string) => CallRuntime) {
  const dials: Array<{ at: number; to: string; by: string }> = [];
  const clientFor = (by: string) => ({
    async dial(params: { to: string }) {
      const reference_id = `ref-${dials.length + 1}`;
      dials.push({ at: Date.now(), to: params.to, by });
      const data = { to: params.to, from: '15555551212' };
      setTimeout(async () => {
        await runtimeOf(reference_id).deliver({
          event: 'dial_completed',
          reference_id,
          data: { ...data, status: 'answered' },
        });
        setTimeout(() => {
          void runtimeOf(reference_id).deliver({
            event: 'call_completed',
            reference_id,
            data: {
              ...data,
              duration: 1,
              created_on_utc: '2026-11-30 05:00:00.000',
              answered_on_utc: '2026-11-30 05:00:00.000',
              ended_on_utc: '2026-11-30 05:00:01.000',
              status: 'hangup',
              audio_recording_file_name: '',
              direction: 'outbound',
            },
          });
        }, 200);
      }, 100);
      return { reference_id, status: 'dial_accepted' };
    },
  });
  return { dials, clientFor };
}

/** The most dials in any half-open one-second window. */
function maxPerSecond(times: number[]): number {
  let max = 0;
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t < start + 1_000).length);
  return max;
}

describe.runIf(requireRedisServer())('a campaign run by two workers on Redis', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server?.stop();
  });

  it('keeps to the limit in every second, dials every number once, wastes no token, and both report it done', async () => {
    const CPS = 5;
    const numbers = Array.from({ length: 24 }, (_, i) => `1555555${String(2000 + i)}`);
    const workers = await Promise.all(
      ['w1', 'w2'].map(async (name) => {
        const redis = await connectRedis({ url: server.url, prefix: 'camp:' });
        connections.push(redis);
        const store = createRedisStore(redis);
        const runtime = createCallRuntime({ engine: silentEngine, store, send: async () => {} });
        return { name, redis, store, runtime };
      }),
    );
    // Events of a call go to either worker's runtime: they share the store.
    const telesign = fakeTeleSign((id) => (workers[Number(id.slice(4)) % 2] as (typeof workers)[0]).runtime);
    /** Tokens the workers kept from the shared bucket (taken, not given back): one per dial. */
    let tokensKept = 0;
    const counting = (pacer: CampaignPacer): CampaignPacer => ({
      take: async () => {
        const wait = await pacer.take();
        if (wait === 0) tokensKept++;
        return wait;
      },
      giveBack: async () => {
        tokensKept--;
        await pacer.giveBack?.();
      },
    });
    const campaignOf = (worker: (typeof workers)[0]) =>
      createCampaign({
        id: 'shared',
        numbers,
        callerId: '15555551212',
        cps: CPS,
        concurrency: 50,
        runtime: worker.runtime,
        client: telesign.clientFor(worker.name) as never,
        store: worker.store,
        pacer: counting(createRedisPacer(worker.redis, { campaign: 'shared', ratePerSecond: CPS })),
        reconcileEveryMs: 200,
      });
    const first = campaignOf(workers[0] as (typeof workers)[0]);
    const firstRun = first.run();
    // The second worker joins once the first has stored the campaign (its first dial).
    while (telesign.dials.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = campaignOf(workers[1] as (typeof workers)[0]);
    const reports: CampaignReport[] = await Promise.all([firstRun, second.run()]);

    const dialled = telesign.dials.map((d) => d.to).sort();
    expect(dialled).toEqual([...numbers].sort());
    expect(new Set(telesign.dials.map((d) => d.by))).toEqual(new Set(['w1', 'w2']));
    expect(maxPerSecond(telesign.dials.map((d) => d.at))).toBeLessThanOrEqual(CPS);
    // A row claimed by the other worker gives its token back: the two workers together use the whole limit.
    expect(tokensKept).toBe(telesign.dials.length);
    for (const report of reports) {
      expect(report.totals).toMatchObject({ completed: numbers.length });
    }
    for (const worker of workers) await worker.runtime.close();
  }, 30_000);
});
