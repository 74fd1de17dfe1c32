/**
 * `@ivrkit/redis/testing` — a real `redis-server` for tests, started on a free port in a temporary directory.
 *
 * @module
 */
export {
  type RedisServer,
  type RedisServerOptions,
  redisServerAvailability,
  requireRedisServer,
  startRedisServer,
} from './testing/redis-server.js';
