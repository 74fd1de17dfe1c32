/**
 * Call deadlines kept in Redis, so that a timer armed by one process fires on whichever process is alive — once
 * per deadline. Per shard (tag `{timers.<n>}`):
 *
 * - `due` — a sorted set: `reference_id` scored by its due time (one deadline per call; arming replaces it);
 * - `claims` — a sorted set: calls whose deadline a process is handling, scored by when its claim lease ends;
 * - `claimed` — a hash: `reference_id` → the due time being handled;
 * - `versions` — a hash: `reference_id` → the record version its deadline was last armed (or cleared) from. An arm
 *   from an older version is refused in the same script, so a slow process — or an arm kept while Redis was
 *   unreachable and sent later — never replaces a newer record's deadline, nor puts one back after it was cleared;
 * - `cleared` — a sorted set: calls whose deadline was cleared (an ended call), by when; their `versions` entry is
 *   kept `tombstoneMs` and then dropped by the next look.
 *
 * Every process polls (at the earliest due time it knows, and at least every `pollMs`); a Lua script moves due
 * deadlines to `claims` under a lease and hands them to that process alone. The handler's process renews the
 * lease while it runs and deletes the claim when done. A process that dies stops renewing: when the lease runs out
 * the next poll of any process claims the deadline again and runs it (unless the call was given a newer deadline
 * meanwhile, which then fires in its place). Time is read from an injectable clock.
 *
 * @module
 */
import { type Clock, type Scheduler, systemClock, type TimerHandle } from '@ivrkit/adapter-http';
import { luaScript, type RedisConnection } from './connection.js';
import { indexKey, shardOf } from './keys.js';

/**
 * Options of {@link createRedisScheduler}.
 *
 * @example
 * const options: RedisSchedulerOptions = { leaseMs: 10_000, pollMs: 250 };
 */
export interface RedisSchedulerOptions {
  /** Where "now" comes from. Default: the system clock. */
  clock?: Clock;
  /**
   * How long a claimed deadline stays with the process handling it without a renewal: the longest a deadline
   * armed by a process that died while handling it waits before another process runs it. Default 10,000 ms.
   */
  leaseMs?: number;
  /** The longest wait between two looks for deadlines armed by other processes. Default 250 ms. */
  pollMs?: number;
  /** Shards of the index (spread over a Redis Cluster's nodes); every process must use the same. Default 1. */
  shards?: number;
  /** Deadlines claimed per look. Default 100. */
  batch?: number;
  /**
   * How long the version of a cleared deadline is kept, so that a late arm from an older record (a slow process,
   * an arm resent after Redis came back) is still refused. Default 3,600,000 ms.
   */
  tombstoneMs?: number;
  /** Told about handler failures and Redis errors (both retried). */
  onError?: (error: unknown, referenceId?: string) => void;
}

const ARM = luaScript(`
if ARGV[3] ~= '' then
  local armed = redis.call('HGET', KEYS[3], ARGV[1])
  if armed and tonumber(armed) > tonumber(ARGV[3]) then return -1 end
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
else
  redis.call('HDEL', KEYS[3], ARGV[1])
end
if ARGV[2] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  if ARGV[3] ~= '' then redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1]) else redis.call('ZREM', KEYS[4], ARGV[1]) end
  return 0
end
redis.call('ZREM', KEYS[4], ARGV[1])
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`);

const CLAIM = luaScript(`
local gone = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', ARGV[4], 'LIMIT', 0, ARGV[3])
for _, ref in ipairs(gone) do
  redis.call('ZREM', KEYS[5], ref)
  redis.call('HDEL', KEYS[4], ref)
end
local out = {}
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, ref in ipairs(expired) do
  if redis.call('ZSCORE', KEYS[1], ref) then
    redis.call('ZREM', KEYS[2], ref)
    redis.call('HDEL', KEYS[3], ref)
  else
    redis.call('ZADD', KEYS[2], ARGV[2], ref)
    table.insert(out, ref)
    table.insert(out, redis.call('HGET', KEYS[3], ref) or '0')
  end
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[3])
for i = 1, #due, 2 do
  local ref = due[i]
  if not redis.call('ZSCORE', KEYS[2], ref) then
    redis.call('ZREM', KEYS[1], ref)
    redis.call('ZADD', KEYS[2], ARGV[2], ref)
    redis.call('HSET', KEYS[3], ref, due[i + 1])
    table.insert(out, ref)
    table.insert(out, due[i + 1])
  end
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {out, first[2] or ''}
`);

const RENEW = luaScript(`
local renewed = 0
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
`);

const DONE = luaScript(`
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 1
end
return 0
`);

/** Shortest wait between looks when the earliest deadline is being handled elsewhere. */
const MIN_POLL_MS = 25;

/**
 * Creates a {@link Scheduler} (the call runtime's port) on Redis.
 *
 * @example
 * const scheduler = createRedisScheduler(redis, { leaseMs: 10_000 });
 * scheduler.start(async (referenceId) => console.log('due', referenceId));
 * await scheduler.arm('ABC', Date.now() + 1_000);
 */
export function createRedisScheduler(redis: RedisConnection, options: RedisSchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollMs ?? 250;
  const shards = options.shards ?? 1;
  const batch = options.batch ?? 100;
  const tombstoneMs = options.tombstoneMs ?? 3_600_000;
  const onError = options.onError ?? (() => {});
  const keysOf = (shard: number) => ({
    due: indexKey(redis.prefix, 'timers', shard, 'due'),
    claims: indexKey(redis.prefix, 'timers', shard, 'claims'),
    claimed: indexKey(redis.prefix, 'timers', shard, 'claimed'),
    versions: indexKey(redis.prefix, 'timers', shard, 'versions'),
    cleared: indexKey(redis.prefix, 'timers', shard, 'cleared'),
  });
  /** Deadlines this process is handling: `reference_id` → the due time claimed (and its shard). */
  const handling = new Map<string, { due: string; shard: number; done: Promise<void> }>();
  /** Arms not yet acknowledged by Redis: `reference_id` → due time (`''`: clear) and record version (`''`: none). */
  const unsent = new Map<string, { at: string; version: string }>();
  let handler: ((referenceId: string) => Promise<void>) | undefined;
  let closed = false;
  let wake: { at: number; handle: TimerHandle } | undefined;
  let renewTimer: TimerHandle | undefined;
  let looking: Promise<void> | undefined;
  let lookAgain = false;

  /** Sleeps until `at` (or less), unless an earlier wake is set. */
  const wakeAt = (at: number) => {
    if (closed || !handler) return;
    if (wake && wake.at <= at) return;
    if (wake) clock.clearTimeout(wake.handle);
    const handle = clock.setTimeout(
      () => {
        wake = undefined;
        look();
      },
      Math.max(0, at - clock.now()),
    );
    wake = { at, handle };
  };

  /** Claims what is due on every shard and starts its handlers; then sleeps until the next deadline or poll. */
  const look = () => {
    if (closed) return;
    if (looking) {
      lookAgain = true;
      return;
    }
    looking = claimAll()
      .catch((error: unknown) => {
        onError(error);
        return clock.now() + pollMs;
      })
      .then((next) => {
        looking = undefined;
        if (lookAgain) {
          lookAgain = false;
          look();
        } else wakeAt(next);
      });
  };

  /** Sends one arm; forgets it once sent (unless a newer one for the call is waiting). */
  const send = async (referenceId: string, arm: { at: string; version: string }) => {
    const keys = keysOf(shardOf(referenceId, shards));
    await redis.run(
      ARM,
      [keys.due, keys.claimed, keys.versions, keys.cleared],
      [referenceId, arm.at, arm.version, clock.now()],
    );
    if (unsent.get(referenceId) === arm) unsent.delete(referenceId);
  };

  const claimAll = async (): Promise<number> => {
    for (const [referenceId, arm] of [...unsent]) await send(referenceId, arm);
    let next = clock.now() + pollMs;
    for (let shard = 0; shard < shards; shard++) {
      const now = clock.now();
      const keys = keysOf(shard);
      const [claimed, first] = await redis.run<[string[], string]>(
        CLAIM,
        [keys.due, keys.claims, keys.claimed, keys.versions, keys.cleared],
        [now, now + leaseMs, batch, now - tombstoneMs],
      );
      for (let i = 0; i < claimed.length; i += 2) run(claimed[i] as string, claimed[i + 1] as string, shard);
      if (claimed.length / 2 >= batch) next = now;
      else if (first !== '') next = Math.min(next, Math.max(Number(first), now + MIN_POLL_MS));
    }
    return next;
  };

  const run = (referenceId: string, due: string, shard: number) => {
    if (handling.has(referenceId) || !handler) return;
    const onDue = handler;
    const done = (async () => {
      try {
        await onDue(referenceId);
      } catch (error) {
        // Not marked done: the claim lease runs out and the deadline is handled again (here or elsewhere).
        onError(error, referenceId);
        return;
      }
      const keys = keysOf(shard);
      await redis.run(DONE, [keys.claims, keys.claimed], [referenceId, due]).catch((error: unknown) => {
        onError(error, referenceId);
      });
    })().finally(() => {
      handling.delete(referenceId);
      if (handling.size === 0 && renewTimer !== undefined) {
        clock.clearTimeout(renewTimer);
        renewTimer = undefined;
      }
    });
    handling.set(referenceId, { due, shard, done });
    scheduleRenewal();
  };

  const scheduleRenewal = () => {
    if (renewTimer !== undefined || closed) return;
    renewTimer = clock.setTimeout(
      () => {
        renewTimer = undefined;
        if (handling.size === 0) return;
        renew()
          .catch((error: unknown) => onError(error))
          .finally(scheduleRenewal);
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
  };

  const renew = async () => {
    const until = clock.now() + leaseMs;
    for (let shard = 0; shard < shards; shard++) {
      const args: (string | number)[] = [until];
      for (const [referenceId, entry] of handling) {
        if (entry.shard === shard) args.push(referenceId, entry.due);
      }
      if (args.length === 1) continue;
      const keys = keysOf(shard);
      await redis.run(RENEW, [keys.claims, keys.claimed], args);
    }
  };

  return {
    async arm(referenceId, dueAt, version) {
      const arm = {
        at: dueAt === undefined ? '' : String(Math.ceil(dueAt)),
        version: version === undefined ? '' : String(version),
      };
      // Kept until Redis has it: an arm that fails (Redis unreachable) is sent again by the next look — unless an
      // arm from a newer record is already waiting.
      const waiting = unsent.get(referenceId)?.version;
      if (version !== undefined && waiting !== undefined && waiting !== '' && Number(waiting) > version)
        return;
      unsent.set(referenceId, arm);
      await send(referenceId, arm).catch((error: unknown) => onError(error, referenceId));
      if (dueAt !== undefined) wakeAt(Math.max(dueAt, clock.now()));
    },
    start(onDue) {
      if (handler) throw new Error('the scheduler is already started');
      if (closed) throw new Error('the scheduler is closed');
      handler = onDue;
      look();
    },
    async close() {
      closed = true;
      if (wake) clock.clearTimeout(wake.handle);
      wake = undefined;
      await looking;
      await Promise.all([...handling.values()].map((entry) => entry.done));
      if (renewTimer !== undefined) clock.clearTimeout(renewTimer);
      renewTimer = undefined;
    },
  };
}
