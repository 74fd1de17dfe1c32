/**
 * Entry of an adapter child process of the Redis figures (spawned by `redis-processes.ts`): the bench app on the
 * Redis store, scheduler and lookup leases — `@ivrkit/redis`'s quick start — served by the adapter's `node:http`
 * listener on 127.0.0.1. Sends `{ type: 'ready', port }` over IPC once it listens; answers `{ type: 'loop' }` with
 * its event loop's delay since the last ask (`{ type: 'loop', p50, p99, max }`, ms); exits when the parent
 * disconnects.
 *
 * Arguments: `--redis <url> --prefix <key prefix> [--port <n>] [--speed <x> --origin <epoch ms>]`: with `--speed`,
 * the app, its scheduler and its leases run on the real clock scaled from `origin` (the same on every process, so
 * that their deadlines agree), matching a simulator running at that speed.
 *
 * @module
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serve } from '@ivrkit/adapter-http';
import { connectRedis, createRedisLookupLeases, createRedisScheduler, createRedisStore } from '@ivrkit/redis';
import { createBenchApp, INLINE_ONLY_CLIENT, scaledClock } from '../bench-app.js';

const { values } = parseArgs({
  options: {
    redis: { type: 'string' },
    prefix: { type: 'string', default: 'bench:' },
    port: { type: 'string', default: '0' },
    speed: { type: 'string', default: '1' },
    origin: { type: 'string' },
  },
});
if (values.redis === undefined) throw new Error('--redis <url> is required');
const speed = Number(values.speed);
const clock = speed === 1 ? undefined : scaledClock(speed, Number(values.origin ?? Date.now()));
const redis = await connectRedis({ url: values.redis, prefix: values.prefix });
const scheduler = createRedisScheduler(redis, clock ? { clock } : {});
const leases = createRedisLookupLeases(redis, clock ? { clock } : {});
const app = createBenchApp(createRedisStore(redis), INLINE_ONLY_CLIENT, clock, { scheduler, leases });
await app.resume();
const running = await serve(app, { port: Number(values.port), hostname: '127.0.0.1' });

const stop = async () => {
  await running.close();
  await leases.close();
  await scheduler.close();
  await app.close();
  await redis.close();
  process.exit(0);
};
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'loop') return;
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.send?.({
    type: 'loop',
    p50: ms(loop.percentile(50)),
    p99: ms(loop.percentile(99)),
    max: ms(loop.max),
  });
  loop.reset();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.send?.({ type: 'ready', port: running.port });
