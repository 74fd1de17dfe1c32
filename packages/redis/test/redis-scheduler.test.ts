import { createManualClock, type ManualClock, type Scheduler } from '@ivrkit/adapter-http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectRedis,
  createRedisLookupLeases,
  createRedisScheduler,
  type RedisConnection,
} from '../src/index.js';
import { type RedisServer, requireRedisServer, startRedisServer } from '../src/testing.js';

/** Lets real Redis round trips finish (the clocks here are manual: only Redis takes real time). */
const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves `clock` on by `totalMs` in steps of `stepMs`, letting Redis answer at each instant. */
async function pass(clock: ManualClock, totalMs: number, stepMs: number): Promise<void> {
  for (let t = 0; t < totalMs; t += stepMs) {
    await clock.advanceAsync(0);
    await settle(10);
    await clock.advanceAsync(stepMs);
  }
  await clock.advanceAsync(0);
  await settle(50);
}

describe.runIf(requireRedisServer())('redis scheduler and lookup leases', () => {
  let server: RedisServer;
  let deployment = 0;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** `count` processes of one deployment (a prefix of its own), each with a connection. */
  async function processes(count: number): Promise<RedisConnection[]> {
    const prefix = `d${++deployment}:`;
    const connections = await Promise.all(
      Array.from({ length: count }, () => connectRedis({ url: server.url, prefix })),
    );
    cleanups.push(async () => {
      await Promise.all(connections.map((c) => c.close()));
    });
    return connections;
  }
  function scheduler(redis: RedisConnection, clock: ManualClock, leaseMs = 3_000): Scheduler {
    const created = createRedisScheduler(redis, { clock, leaseMs, pollMs: 200, shards: 2 });
    cleanups.push(() => created.close());
    return created;
  }

  it('fires each deadline once, on one of the processes, at its time', async () => {
    const clock = createManualClock(1_000_000);
    const [a, b] = await processes(2);
    const fired: Array<{ id: string; by: string; at: number }> = [];
    const first = scheduler(a as RedisConnection, clock);
    const second = scheduler(b as RedisConnection, clock);
    first.start(async (id) => void fired.push({ id, by: 'first', at: clock.now() }));
    second.start(async (id) => void fired.push({ id, by: 'second', at: clock.now() }));
    for (let i = 0; i < 40; i++) await (i % 2 ? first : second).arm(`call-${i}`, 1_000_000 + 100 * i);
    await first.arm('cleared', 1_000_500);
    await second.arm('cleared', undefined);
    await first.arm('moved', 1_000_100);
    await second.arm('moved', 1_009_000);
    await pass(clock, 10_000, 100);
    const ids = fired.map((f) => f.id).sort();
    expect(ids).toEqual([...Array.from({ length: 40 }, (_, i) => `call-${i}`), 'moved'].sort());
    for (const { id, at } of fired) {
      const due = id === 'moved' ? 1_009_000 : 1_000_000 + 100 * Number(id.slice(5));
      expect(at).toBeGreaterThanOrEqual(due);
      expect(at).toBeLessThanOrEqual(due + 300);
    }
    expect(new Set(fired.map((f) => f.by)).size).toBe(2);
  });

  it('runs again, elsewhere, a deadline whose process died while handling it — once', async () => {
    const clock = createManualClock(0);
    const [doomed, survivor] = await processes(2);
    const deadClock = createManualClock(0);
    const dead = createRedisScheduler(doomed as RedisConnection, { clock: deadClock, leaseMs: 3_000 });
    const started: string[] = [];
    dead.start(async (id) => {
      started.push(id);
      await new Promise(() => {}); // the process dies here: never finishes, never renews
    });
    await dead.arm('orphan', 0);
    await expect
      .poll(async () => {
        await deadClock.advanceAsync(0);
        return started;
      })
      .toEqual(['orphan']);
    const fired: number[] = [];
    scheduler(survivor as RedisConnection, clock).start(async () => void fired.push(clock.now()));
    await clock.advanceAsync(2_900);
    await settle();
    expect(fired).toEqual([]);
    await pass(clock, 2_000, 100);
    expect(fired.length).toBe(1);
    expect(fired[0]).toBeGreaterThanOrEqual(3_000);
  });

  it('keeps a claim alive while its handler runs longer than the lease', async () => {
    const clock = createManualClock(0);
    const [a, b] = await processes(2);
    let finish = () => {};
    const runs: string[] = [];
    const handler = scheduler(a as RedisConnection, clock, 900);
    handler.start(async (id) => {
      runs.push(`a:${id}`);
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    await expect
      .poll(async () => {
        await clock.advanceAsync(0);
        return runs.length;
      })
      .toBe(0);
    await handler.arm('slow', 0);
    await expect
      .poll(async () => {
        await clock.advanceAsync(0);
        return runs;
      })
      .toEqual(['a:slow']);
    scheduler(b as RedisConnection, clock, 900).start(async (id) => void runs.push(`b:${id}`));
    await pass(clock, 3_000, 100);
    finish();
    await settle();
    expect(runs).toEqual(['a:slow']);
  });

  it('re-arming the deadline being handled to the same time does not fire it twice; a new one fires', async () => {
    const clock = createManualClock(0);
    const [a] = await processes(1);
    const instance = scheduler(a as RedisConnection, clock);
    const fired: number[] = [];
    instance.start(async () => {
      fired.push(clock.now());
      if (fired.length === 1) {
        await instance.arm('x', 0); // an event stepped meanwhile, with the deadline unchanged
        await instance.arm('x', 500); // then the timer's own step: the next deadline
      }
    });
    await instance.arm('x', 0);
    await pass(clock, 1_000, 100);
    expect(fired).toEqual([0, 500]);
  });

  it("never lets a slow process's arm from an older record replace a newer record's deadline", async () => {
    const clock = createManualClock(0);
    const [a, b] = await processes(2);
    const fast = scheduler(a as RedisConnection, clock);
    const slow = scheduler(b as RedisConnection, clock);
    const fired: Array<[string, number]> = [];
    for (const instance of [fast, slow]) {
      instance.start(async (id) => void fired.push([id, clock.now()]));
    }
    // The fast process wrote records 6 and armed their deadlines; the slow one arms record 5's after it.
    await fast.arm('x', 1_000, 6);
    await slow.arm('x', 9_000, 5);
    await fast.arm('y', 2_000, 6);
    await slow.arm('y', undefined, 5);
    // The same record again, or a newer one, still replaces.
    await fast.arm('z', 4_000, 2);
    await slow.arm('z', 3_000, 2);
    await pass(clock, 10_000, 250);
    // Each once, at its newer deadline: well before the older one (Redis round trips under load make it late by
    // some steps of the clock, never by seconds).
    expect(fired.map(([id]) => id).sort()).toEqual(['x', 'y', 'z']);
    const at = Object.fromEntries(fired);
    expect(at.x).toBeLessThan(3_000);
    expect(at.y).toBeLessThan(4_000);
    expect(at.z).toBeGreaterThanOrEqual(3_000);
    expect(at.z).toBeLessThan(4_000);
  });

  it('refuses a late arm from an older record after the deadline was cleared, for tombstoneMs', async () => {
    const clock = createManualClock(0);
    const [a] = await processes(1);
    const instance = createRedisScheduler(a as RedisConnection, { clock, pollMs: 200, tombstoneMs: 5_000 });
    cleanups.push(() => instance.close());
    const fired: Array<[string, number]> = [];
    instance.start(async (id) => void fired.push([id, clock.now()]));
    // The call ended (record 7 cleared its deadline); an arm of record 6, kept while Redis was away, comes late.
    await instance.arm('x', 1_000, 6);
    await instance.arm('x', undefined, 7);
    await instance.arm('x', 2_000, 6);
    await pass(clock, 3_000, 250);
    expect(fired).toEqual([]);
    // Past tombstoneMs the cleared call is forgotten (its version with it).
    await pass(clock, 5_000, 250);
    await instance.arm('x', clock.now() + 1_000, 6);
    await pass(clock, 2_000, 250);
    expect(fired.map(([id]) => id)).toEqual(['x']);
  });

  it('hands a lookup whose owner died to another process, after its lease', async () => {
    const clock = createManualClock(0);
    const [a, b] = await processes(2);
    const owner = createRedisLookupLeases(a as RedisConnection, { clock, leaseMs: 3_000, pollMs: 500 });
    const heir = createRedisLookupLeases(b as RedisConnection, { clock, leaseMs: 3_000, pollMs: 500 });
    cleanups.push(() => heir.close());
    const orphans: string[] = [];
    heir.start(async (referenceId, lookupId) => {
      orphans.push(`${referenceId}/${lookupId}@${clock.now()}`);
      await heir.release(referenceId, lookupId);
    });
    await owner.acquire('call-1', 'balance');
    await owner.acquire('call-2', 'card');
    await owner.release('call-2', 'card');
    // Alive, the owner renews every second: nothing is taken over.
    await pass(clock, 5_000, 500);
    expect(orphans).toEqual([]);
    await owner.close(); // dies: no more renewals
    await pass(clock, 5_000, 500);
    expect(orphans.length).toBe(1);
    expect(orphans[0]).toMatch(/^call-1\/balance@/);
  });
});
