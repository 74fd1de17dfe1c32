/**
 * The simulator and the adapter wired together in one process, on one virtual clock: events go from the simulator
 * to `app.fetch` as signed `Request`s, actions the adapter sends outside an answer go to `sim.fetch` through the
 * TeleSign client. What users' own tests run.
 *
 * @module
 */
import {
  type BufferedRequest,
  type Clock,
  createMemoryStore,
  createTeleSignClient,
  createVoiceApp,
  type Store,
  silentLogger,
  type VoiceApp,
} from '@ivrkit/adapter-http';
import type { Flow } from '@ivrkit/machines';
import {
  createSimulator,
  createVirtualClock,
  type Simulator,
  type SimulatorOptions,
  type VirtualClock,
} from '@ivrkit/simulator';
import { createBenchFlow } from './bench-flow.js';
import { BENCH_CREDENTIALS } from './credentials.js';

/** Options of {@link createInProcessStack}. */
export interface InProcessStackOptions {
  flow?: Flow;
  store?: Store;
  /** Simulator options (faults, event delivery, seed). */
  simulator?: Omit<SimulatorOptions, 'clock' | 'fetch' | 'customer' | 'eventUrl' | 'credentials'>;
}

/** A simulator and an adapter on one virtual clock. */
export interface InProcessStack {
  sim: Simulator;
  app: VoiceApp;
  store: Store;
  /** The shared clock, as the simulator sees it. */
  virtualClock: VirtualClock;
  /** The shared clock, as the adapter sees it. */
  clock: Clock;
  /**
   * Runs until no call is live, then keeps the clock moving (up to `drainMs` of virtual time) while event
   * deliveries are still queued or retrying: `sim.runUntilIdle` alone answers `idle` as soon as the last call
   * ended, with its last events (a `call_completed` behind a retried duplicate) still undelivered.
   */
  settle(options?: { maxVirtualMs?: number; drainMs?: number }): Promise<{ reason: string; drained: number }>;
}

/**
 * Wires a simulator to an adapter app in-process.
 *
 * @example
 * const { sim } = createInProcessStack();
 * sim.placeInboundCall({ to: BENCH_NUMBER, from: '15558675309', caller: benchCaller() });
 * await sim.runUntilIdle();
 */
export function createInProcessStack(options: InProcessStackOptions = {}): InProcessStack {
  const clock = createVirtualClock();
  const adapterClock: Clock = {
    now: () => clock.now(),
    setTimeout: (callback, ms) => clock.schedule(ms, callback) as object,
    clearTimeout: (handle) => clock.clear(handle as never),
  };
  let app: VoiceApp | undefined;
  // Events reach the app as buffered requests (`app.handle`), as `serve(app)` would hand them over.
  const customer = { handle: (request: BufferedRequest) => (app as VoiceApp).handle(request) };
  const sim = createSimulator({
    ...options.simulator,
    credentials: BENCH_CREDENTIALS,
    clock,
    eventUrl: 'http://adapter.bench/events',
    customer,
  });
  const client = createTeleSignClient({
    ...BENCH_CREDENTIALS,
    baseUrl: 'http://sim.bench',
    fetch: sim.fetch,
    clock: adapterClock,
    env: {},
  });
  const store = options.store ?? createMemoryStore();
  app = createVoiceApp({
    flow: options.flow ?? createBenchFlow(),
    client,
    store,
    verify: { mode: 'required', ...BENCH_CREDENTIALS },
    clock: adapterClock,
    logger: silentLogger,
    env: {},
  });
  const settle: InProcessStack['settle'] = async (settleOptions = {}) => {
    const run = await sim.runUntilIdle({ maxVirtualMs: settleOptions.maxVirtualMs ?? 3_600_000 });
    const until = clock.now() + (settleOptions.drainMs ?? 120_000);
    let drained = 0;
    for (;;) {
      await (app as VoiceApp).idle();
      await new Promise((resolve) => setImmediate(resolve));
      if (sim.inflight > 0) continue;
      const next = clock.nextTimerAt();
      if (next === undefined || next > until) break;
      clock.advanceTo(next);
      drained++;
    }
    return { reason: run.reason, drained };
  };
  return { sim, app, store, virtualClock: clock, clock: adapterClock, settle };
}
