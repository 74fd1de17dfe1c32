/**
 * The adapter app every figure and reliability check measures: the bench flow, signatures required, a silent
 * logger, no environment. One home, so that every figure measures the same configuration.
 *
 * @module
 */
import {
  type Clock,
  createVoiceApp,
  type Store,
  silentLogger,
  systemClock,
  type VoiceApp,
  type VoiceAppOptions,
} from '@ivrkit/adapter-http';
import { createBenchFlow } from './bench-flow.js';
import { BENCH_CREDENTIALS } from './credentials.js';

/** A client for an app that answers every event inline: any attempt to send or dial is a bench bug. */
export const INLINE_ONLY_CLIENT: VoiceAppOptions['client'] = {
  sendAction: () => Promise.reject(new Error('the bench flow answers every event inline')),
  dial: () => Promise.reject(new Error('the bench places no outbound calls')),
};

/**
 * The bench's adapter app on `store`, with `client` (default {@link INLINE_ONLY_CLIENT}); `shared` adds a shared
 * scheduler and lookup leases (several processes on one Redis).
 *
 * @example
 * const app = createBenchApp(createMemoryStore());
 */
export function createBenchApp(
  store: Store,
  client: VoiceAppOptions['client'] = INLINE_ONLY_CLIENT,
  clock?: Clock,
  shared: Pick<VoiceAppOptions, 'scheduler' | 'leases'> = {},
): VoiceApp {
  return createVoiceApp({
    flow: createBenchFlow(),
    client,
    store,
    verify: { mode: 'required', ...BENCH_CREDENTIALS },
    logger: silentLogger,
    env: {},
    ...(clock ? { clock } : {}),
    ...shared,
  });
}

/**
 * The real clock running `speed` times faster from `origin` (default now): the adapter's view of a simulator sped
 * up (or slowed down) as much. The adapter's deadlines and its delivery rules count TeleSign's time, so both sides
 * must run at one rate; processes sharing deadlines (in Redis) pass one `origin`, so their clocks agree.
 *
 * @example
 * const app = createBenchApp(store, client, scaledClock(2));
 */
export function scaledClock(speed: number, origin = Date.now()): Clock {
  return {
    now: () => origin + (Date.now() - origin) * speed,
    setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms / speed),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
  };
}
