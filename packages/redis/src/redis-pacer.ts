/**
 * A campaign's calls-per-second limit as one token bucket in Redis (`<prefix>campaign-pace:{<campaign>}`, a hash of
 * tokens and the time of the last refill), taken from by a Lua script so that every runner of the campaign shares
 * it: together they never start more calls in a second than the limit. Time is Redis's own (`TIME`), so runners'
 * clocks need not agree; tests may pass `now`.
 *
 * @module
 */
import type { CampaignPacer } from '@ivrkit/adapter-http';
import { luaScript, type RedisConnection } from './connection.js';
import { redisKeyOf } from './keys.js';

/**
 * Options of {@link createRedisPacer}.
 *
 * @example
 * const options: RedisPacerOptions = { campaign: 'flu-shots', ratePerSecond: 5 };
 */
export interface RedisPacerOptions {
  /** The campaign id (its runners share the bucket). */
  campaign: string;
  /** Calls started per second, at most, by all runners together. */
  ratePerSecond: number;
  /** Most tokens held (a burst). Default 1: calls spaced `1000 / ratePerSecond` ms apart. */
  capacity?: number;
  /** Epoch ms for the bucket. Default: Redis's clock. */
  now?: () => number;
}

/**
 * The bucket, refilled to the Redis (or given) clock, then one token taken (ARGV[4] = 'take': returns the ms to
 * wait when none is there, else 0) or given back (ARGV[4] = 'give', up to the capacity). One script for both so
 * that the refill rule exists once.
 */
const BUCKET = luaScript(`
local now = tonumber(ARGV[3])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local msPer = 1000 / tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or ARGV[2])
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or now)
if now > last then
  tokens = math.min(capacity, tokens + (now - last) / msPer)
  last = now
end
local wait = 0
if ARGV[4] == 'give' then
  tokens = math.min(capacity, tokens + 1)
elseif tokens >= 1 - 1e-9 then
  tokens = math.max(0, tokens - 1)
else
  wait = math.max(1, math.ceil((1 - tokens) * msPer))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(last))
redis.call('PEXPIRE', KEYS[1], 86400000)
return wait
`);

/**
 * Creates the shared pacer of a campaign.
 *
 * @example
 * const campaign = createCampaign({ ...options, pacer: createRedisPacer(redis, { campaign: options.id, ratePerSecond: options.cps }) });
 */
export function createRedisPacer(redis: RedisConnection, options: RedisPacerOptions): CampaignPacer {
  if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
  }
  const capacity = options.capacity ?? 1;
  if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  const key = redisKeyOf(redis.prefix, `campaign-pace:${options.campaign}`);
  const args = (op: 'take' | 'give') => [
    options.ratePerSecond,
    capacity,
    options.now ? options.now() : -1,
    op,
  ];
  return {
    take: () => redis.run<number>(BUCKET, [key], args('take')),
    // A token taken for a row another runner claimed first goes back (up to the bucket's capacity).
    giveBack: async () => {
      await redis.run<number>(BUCKET, [key], args('give'));
    },
  };
}
