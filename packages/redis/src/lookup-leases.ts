/**
 * Pending lookups owned under leases in Redis, so a lookup whose process dies is run again by another. Per shard
 * (tag `{leases.<n>}`):
 *
 * - `until` — a sorted set: `<reference_id>\n<lookup id>` scored by when its lease ends;
 * - `owner` — a hash: the same member → the id of the process holding it.
 *
 * The owner renews the leases it holds every third of `leaseMs`; when it dies they run out, and the next look of
 * any process takes them over (a Lua script: due leases get the new owner and a new term) and hands each to its
 * `onOrphan`, which runs the lookup again. **Lookups must therefore be safe to repeat**: a lookup cut off by a
 * crash (or by a process that stalled longer than a lease) may have done its work once already — a balance read
 * is; a payment should carry an idempotency key derived from the call and the lookup id.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Clock, type LookupLeases, systemClock, type TimerHandle } from '@ivrkit/adapter-http';
import { luaScript, type RedisConnection } from './connection.js';
import { indexKey, shardOf } from './keys.js';

/**
 * Options of {@link createRedisLookupLeases}.
 *
 * @example
 * const options: RedisLookupLeasesOptions = { leaseMs: 10_000 };
 */
export interface RedisLookupLeasesOptions {
  clock?: Clock;
  /** How long a lease lasts without renewal: the longest a dead process's lookup waits. Default 10,000 ms. */
  leaseMs?: number;
  /** How often orphaned leases are looked for. Default a quarter of `leaseMs`, at most 1,000 ms. */
  pollMs?: number;
  /** Every process must use the same. Default 1. */
  shards?: number;
  /** This process's id in Redis. Default: a random UUID. */
  owner?: string;
  onError?: (error: unknown) => void;
}

const ACQUIRE = luaScript(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`);

const RELEASE = luaScript(`
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 1
end
return 0
`);

const RENEW = luaScript(`
local lost = {}
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[2] then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
`);

const TAKE_OVER = luaScript(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[4])
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], member)
  redis.call('HSET', KEYS[2], member, ARGV[3])
end
return due
`);

/**
 * Creates {@link LookupLeases} (the call runtime's port) on Redis.
 *
 * @example
 * const leases = createRedisLookupLeases(redis, { leaseMs: 10_000 });
 * leases.start(async (referenceId, lookupId) => rerunLookup(referenceId, lookupId));
 */
export function createRedisLookupLeases(
  redis: RedisConnection,
  options: RedisLookupLeasesOptions = {},
): LookupLeases {
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollMs ?? Math.min(1_000, Math.max(1, Math.floor(leaseMs / 4)));
  const shards = options.shards ?? 1;
  const owner = options.owner ?? randomUUID();
  const onError = options.onError ?? (() => {});
  const keysOf = (shard: number) => [
    indexKey(redis.prefix, 'leases', shard, 'until'),
    indexKey(redis.prefix, 'leases', shard, 'owner'),
  ];
  const memberOf = (referenceId: string, lookupId: string) => `${referenceId}\n${lookupId}`;
  /** Members held here, by shard. */
  const held = new Map<string, number>();
  let closed = false;
  let renewTimer: TimerHandle | undefined;
  let pollTimer: TimerHandle | undefined;
  let onOrphanHandler: ((referenceId: string, lookupId: string) => Promise<void>) | undefined;
  const running = new Set<Promise<void>>();

  const every = (ms: number, body: () => Promise<void>, set: (handle: TimerHandle | undefined) => void) => {
    const tick = () => {
      if (closed) return;
      body()
        .catch(onError)
        .finally(() => {
          if (!closed) set(clock.setTimeout(tick, ms));
        });
    };
    set(clock.setTimeout(tick, ms));
  };

  const renew = async () => {
    const until = clock.now() + leaseMs;
    for (let shard = 0; shard < shards; shard++) {
      const members = [...held].filter(([, s]) => s === shard).map(([member]) => member);
      if (members.length === 0) continue;
      const lost = await redis.run<string[]>(RENEW, keysOf(shard), [until, owner, ...members]);
      for (const member of lost) held.delete(member);
    }
  };

  const takeOver = async () => {
    const handler = onOrphanHandler;
    if (!handler) return;
    for (let shard = 0; shard < shards; shard++) {
      const now = clock.now();
      const members = await redis.run<string[]>(TAKE_OVER, keysOf(shard), [now, now + leaseMs, owner, 100]);
      for (const member of members) {
        held.set(member, shard);
        const [referenceId = '', lookupId = ''] = splitMember(member);
        const task = handler(referenceId, lookupId)
          .catch((error: unknown) => {
            held.delete(member);
            onError(error);
          })
          .finally(() => running.delete(task));
        running.add(task);
      }
    }
  };

  every(Math.max(1, Math.floor(leaseMs / 3)), renew, (handle) => {
    renewTimer = handle;
  });

  return {
    async acquire(referenceId, lookupId) {
      const shard = shardOf(referenceId, shards);
      const member = memberOf(referenceId, lookupId);
      await redis.run(ACQUIRE, keysOf(shard), [member, clock.now() + leaseMs, owner]);
      held.set(member, shard);
    },
    abandon(referenceId, lookupId) {
      held.delete(memberOf(referenceId, lookupId));
    },
    async release(referenceId, lookupId) {
      const shard = shardOf(referenceId, shards);
      const member = memberOf(referenceId, lookupId);
      held.delete(member);
      await redis.run(RELEASE, keysOf(shard), [member, owner]);
    },
    start(onOrphan) {
      if (onOrphanHandler) throw new Error('the lookup leases are already started');
      onOrphanHandler = onOrphan;
      every(pollMs, takeOver, (handle) => {
        pollTimer = handle;
      });
    },
    async close() {
      closed = true;
      if (renewTimer !== undefined) clock.clearTimeout(renewTimer);
      if (pollTimer !== undefined) clock.clearTimeout(pollTimer);
      await Promise.allSettled([...running]);
    },
  };
}

function splitMember(member: string): [string, string] {
  const cut = member.indexOf('\n');
  return [member.slice(0, cut), member.slice(cut + 1)];
}
