/**
 * `@ivrkit/redis` — run `@ivrkit/adapter-http` on several processes over one Redis: the call store, the timer
 * scheduler, lookup leases and a campaign's shared calls-per-second limit, on the official client (`@redis/client`).
 *
 * @module
 */
export {
  connectRedis,
  type LuaScript,
  luaScript,
  type RedisConnection,
  type RedisConnectionOptions,
  RedisUnavailableError,
} from './connection.js';
export { createRedisLookupLeases, type RedisLookupLeasesOptions } from './lookup-leases.js';
export { createRedisPacer, type RedisPacerOptions } from './redis-pacer.js';
export { createRedisScheduler, type RedisSchedulerOptions } from './redis-scheduler.js';
export { createRedisStore, type RedisStoreOptions } from './redis-store.js';
