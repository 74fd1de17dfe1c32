/**
 * The adapter's {@link Store} on Redis. Each key is a Redis hash `{ v: version, d: JSON }` under the layout of
 * `keys.ts` (`<prefix>call:{<reference_id>}`); compare-and-set and versioned delete are Lua scripts, so each is one
 * atomic round trip. An ended call's record expires after `endedCallTtlMs`.
 *
 * @module
 */
import type { CasResult, Json, Store, Versioned } from '@ivrkit/adapter-http';
import { ENDED_CALL_RETENTION_MS } from '@ivrkit/protocol';
import { luaScript, type RedisConnection } from './connection.js';
import { redisKeyOf, scanPatternOf, storeKeyOf } from './keys.js';

/**
 * Options of {@link createRedisStore}.
 *
 * @example
 * const options: RedisStoreOptions = { endedCallTtlMs: 24 * 3_600_000 };
 */
export interface RedisStoreOptions {
  /** How long the record of an ended call (`call:*` with `ended: true`) is kept. Default 7 days. */
  endedCallTtlMs?: number;
  /**
   * The expiry of each write, in ms (`undefined`: kept until deleted); replaces the ended-call rule. Every write
   * sets it afresh.
   */
  expireAfter?: (key: string, value: Json) => number | undefined;
  /** Close the connection when the store closes. Default `false` (the connection is shared). */
  closeConnection?: boolean;
}

/** How long an ended call's record stays by default: `ENDED_CALL_RETENTION_MS` of `@ivrkit/protocol` (7 days). */
export const DEFAULT_ENDED_CALL_TTL_MS = ENDED_CALL_RETENTION_MS;

const COMPARE_AND_SET = luaScript(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[2]) then return {0, v} end
redis.call('HSET', KEYS[1], 'v', v + 1, 'd', ARGV[1])
local ttl = tonumber(ARGV[3])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) elseif v > 0 then redis.call('PERSIST', KEYS[1]) end
return {1, v + 1}
`);

const DELETE = luaScript(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v == 0 then return 0 end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= v then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * Creates a {@link Store} on a Redis connection.
 *
 * @example
 * const redis = await connectRedis({ url: 'redis://127.0.0.1:6379', prefix: 'ivrkit:bank:' });
 * const app = createVoiceApp({ flow, client, store: createRedisStore(redis) });
 */
export function createRedisStore(redis: RedisConnection, options: RedisStoreOptions = {}): Store {
  const ttlOf = options.expireAfter ?? endedCallRule(options.endedCallTtlMs ?? DEFAULT_ENDED_CALL_TTL_MS);
  const keyOf = (key: string) => redisKeyOf(redis.prefix, key);
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the Redis store is closed');
  };
  return {
    async get<T extends Json>(key: string): Promise<Versioned<T> | undefined> {
      open();
      const [version, data] = await redis.command<[string | null, string | null]>([
        'HMGET',
        keyOf(key),
        'v',
        'd',
      ]);
      if (version === null || data === null) return undefined;
      return { value: JSON.parse(data) as T, version: Number(version) };
    },
    async compareAndSet(key, value, expectedVersion): Promise<CasResult> {
      open();
      const ttl = Math.max(0, Math.ceil(ttlOf(key, value) ?? 0));
      const [ok, version] = await redis.run<[number, number]>(
        COMPARE_AND_SET,
        [keyOf(key)],
        [JSON.stringify(value), expectedVersion, ttl],
      );
      return { ok: ok === 1, version };
    },
    async delete(key, expectedVersion) {
      open();
      return (await redis.run<number>(DELETE, [keyOf(key)], [expectedVersion ?? ''])) === 1;
    },
    async keys(prefix) {
      open();
      const found = new Set<string>();
      const match = scanPatternOf(redis.prefix, prefix);
      let cursor = '0';
      do {
        const [next, batch] = await redis.command<[string, string[]]>([
          'SCAN',
          cursor,
          'MATCH',
          match,
          'COUNT',
          '1000',
        ]);
        cursor = next;
        for (const redisKey of batch) {
          const key = storeKeyOf(redis.prefix, redisKey);
          if (key?.startsWith(prefix)) found.add(key);
        }
      } while (cursor !== '0');
      return [...found];
    },
    async close() {
      if (closed) return;
      closed = true;
      if (options.closeConnection) await redis.close();
    },
  };
}

/** Keeps everything, except an ended call's record: `ttlMs`. */
function endedCallRule(ttlMs: number): (key: string, value: Json) => number | undefined {
  return (key, value) => {
    if (!key.startsWith('call:') || typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undefined;
    }
    return value.ended === true ? ttlMs : undefined;
  };
}
