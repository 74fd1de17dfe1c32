/**
 * End-to-end harness: the simulator (playing TeleSign) and the adapter on one virtual timeline, wired by one of
 * four transports — HTTP in-process, HTTP over real loopback sockets, WebSocket over a real socket, or polling the
 * Call Query API with event posting off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@ivrkit/machines';
import { PATHS } from '@ivrkit/protocol';
import {
  type CalleeBehaviour,
  createSimulator,
  createVirtualClock,
  type FaultOptions,
  type RateLimit,
} from '@ivrkit/simulator';
import {
  createFileStore,
  createMemoryLogger,
  createMemoryStore,
  createPollingTransport,
  createSocketTransport,
  createTeleSignClient,
  createVoiceApp,
  type PollingTransport,
  type RunningServer,
  type SocketTransport,
  type Store,
  serve,
  systemClock,
  type VoiceApp,
  type VoiceAppOptions,
} from '../../src/index.js';
import { adapterClock } from '../sim-helpers.js';
import { serveSimulator } from './sim-server.js';

export type Mode = 'http' | 'http-loopback' | 'websocket' | 'polling';

export interface HarnessOptions {
  mode: Mode;
  flow: Flow;
  /** The simulator offers its [ours] Call Query API (polling mode always does). Default: as TeleSign, none. */
  callQuery?: boolean;
  /** A store that outlives the adapter's restarts and crashes (a shared database). Default: per `fileStore`. */
  store?: Store;
  /** The adapter's lost-event recovery options. */
  recovery?: VoiceAppOptions['recovery'];
  /** The simulator's wait for one event delivery's answer (virtual clocks: real ms). Default 5,000. */
  deliveryTimeoutMs?: number;
  faults?: FaultOptions;
  callees?: Record<string, CalleeBehaviour>;
  rateLimit?: RateLimit;
  /** Keep calls in a file store in a temporary directory (for restarts). */
  fileStore?: boolean;
  answerBudgetMs?: number;
  seed?: number;
  /** Retries of the adapter's client. Default `{ limit: 4, backoffMs: 20 }`. */
  clientRetry?: { limit: number; backoffMs?: number };
  /** Wraps the store (to inject store failures). */
  wrapStore?: (store: Store) => Store;
}

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHarness(options: HarnessOptions) {
  const { mode } = options;
  const clock = createVirtualClock();
  const adapter = adapterClock(clock);
  const inProcess = mode === 'http' || mode === 'polling';
  const logger = createMemoryLogger('debug');
  const cleanups: Array<() => Promise<void>> = [];
  let current: VoiceApp | undefined;
  const forward = (request: Request) => {
    if (!current) return Promise.resolve(new Response(null, { status: 503 }));
    return current.fetch(request);
  };

  let adapterServer: RunningServer | undefined;
  if (mode === 'http-loopback') {
    adapterServer = await serve(forward);
    cleanups.push(() => (adapterServer as RunningServer).close());
  }
  const sim = createSimulator({
    clock,
    seed: options.seed ?? 7,
    ...(mode === 'http' ? { eventUrl: 'http://adapter.test/events', fetch: forward } : {}),
    ...(mode === 'http-loopback' ? { eventUrl: `${adapterServer?.url}/events` } : {}),
    delivery: mode === 'websocket' ? 'websocket' : mode === 'polling' ? 'off' : 'http',
    // TeleSign's published surface, plus the one [ours] power a mode is about (the event socket, Call Query polling).
    offer: { eventSocket: mode === 'websocket', callQuery: mode === 'polling' || options.callQuery === true },
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.callees ? { callees: options.callees } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    // Over real sockets an answer takes real milliseconds: hold virtual time long enough for it.
    // Over a socket the adapter itself retries a failed event (100, 200 ms…): hold longer still.
    eventDelivery: {
      ...(inProcess ? {} : { replyGraceMs: mode === 'websocket' ? 1_000 : 250 }),
      ...(options.deliveryTimeoutMs === undefined ? {} : { timeoutMs: options.deliveryTimeoutMs }),
    },
  });
  cleanups.push(() => sim.close());
  let simUrl = 'http://sim.test';
  let simServer: Awaited<ReturnType<typeof serveSimulator>> | undefined;
  if (!inProcess) {
    simServer = await serveSimulator(sim);
    simUrl = simServer.url;
    cleanups.push(() => (simServer as NonNullable<typeof simServer>).close());
  }
  const client = createTeleSignClient({
    ...sim.credentials,
    baseUrl: simUrl,
    ...(inProcess ? { fetch: sim.fetch } : {}),
    // Timeouts and retry waits in real time: the virtual clock jumps while requests are in flight.
    clock: systemClock,
    retry: options.clientRetry ?? { limit: 4, backoffMs: 20 },
    env: {},
  });

  const dir = options.fileStore ? await mkdtemp(join(tmpdir(), 'ivrkit-e2e-')) : undefined;
  if (dir) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  let socket: SocketTransport | undefined;
  let poller: PollingTransport | undefined;
  let store: Store;

  async function boot() {
    const raw = options.store ?? (dir ? await createFileStore({ dir, fsync: false }) : createMemoryStore());
    store = options.wrapStore ? options.wrapStore(raw) : raw;
    socket =
      mode === 'websocket'
        ? createSocketTransport({
            url: `${simUrl.replace(/^http/, 'ws')}${PATHS.eventSocket}`,
            ...sim.credentials,
            reconnect: { minMs: 5, maxMs: 50 },
            logger,
            env: {},
          })
        : undefined;
    const app = createVoiceApp({
      flow: options.flow,
      client,
      store,
      verify: mode === 'http' || mode === 'http-loopback' ? { mode: 'required', ...sim.credentials } : 'off',
      clock: adapter,
      budgetClock: systemClock,
      logger,
      ...(socket ? { send: socket.send } : {}),
      ...(options.answerBudgetMs === undefined ? {} : { answerBudgetMs: options.answerBudgetMs }),
      ...(options.recovery ? { recovery: options.recovery } : {}),
    });
    current = app;
    await app.resume();
    if (socket) await socket.start(app.runtime);
    if (mode === 'polling') {
      poller = createPollingTransport({ client, store, clock: adapter, logger });
      poller.bind(app.runtime);
    }
    return app;
  }
  let app = await boot();

  /**
   * The adapter's work settled — or 50 real ms passed (a lookup may hang on purpose). An event the socket
   * transport is still retrying, or a socket reconnecting (the simulator holds its events meanwhile), counts as
   * work: virtual time must not jump past them.
   */
  const idle = async () => {
    const busy = () => socket !== undefined && !socket.failure && (socket.handling > 0 || !socket.connected);
    for (let i = 0; i < 200 && busy(); i++) await realSleep(5);
    await Promise.race([app.idle(), realSleep(50)]);
  };

  /** After the last call ended in the simulator, lets its last events (call_completed) reach the adapter. */
  async function settle() {
    for (let i = 0; i < 500; i++) {
      if (poller) await poller.poll();
      await idle();
      const records = await Promise.all(sim.calls().map((call) => app.runtime.get(call.reference_id)));
      if (records.every((record) => record === undefined || record.ended)) return;
      await realSleep(2);
    }
  }

  return {
    sim,
    clock,
    client,
    logger,
    get app() {
      return app;
    },
    get store() {
      return store;
    },
    get socket() {
      return socket;
    },
    /** Drops the adapter's event socket from the server side. */
    dropSockets() {
      simServer?.dropSockets();
    },
    /** Drives both sides until no call is live and `until` (if given) has settled. */
    async run(until?: Promise<unknown>, maxVirtualMs = 3_600_000) {
      let settled = until === undefined;
      void until?.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      const deadline = clock.now() + maxVirtualMs;
      let quiet = 0;
      for (;;) {
        if (poller) await poller.poll();
        await idle();
        if (sim.inflight > 0) {
          await realSleep(1);
          continue;
        }
        if (settled && sim.live === 0) return settle();
        const next = clock.nextTimerAt();
        if (next === undefined || next > deadline) {
          if (++quiet > 300) return;
          await realSleep(2);
          continue;
        }
        quiet = 0;
        clock.advanceTo(next);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    /** Runs until `predicate` holds (checked between steps), or `maxVirtualMs` passed. */
    async runUntil(predicate: () => boolean | Promise<boolean>, maxVirtualMs = 600_000) {
      const until = clock.now() + maxVirtualMs;
      while (!(await predicate())) {
        if (poller) await poller.poll();
        await idle();
        if (sim.inflight > 0) {
          await realSleep(1);
          continue;
        }
        const next = clock.nextTimerAt();
        if (next === undefined || next > until) throw new Error('runUntil: the condition never held');
        clock.advanceTo(next);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    /** Moves virtual time `ms` on, timer by timer, whether calls are live or not (the adapter's own deadlines). */
    async advance(ms: number) {
      const until = clock.now() + ms;
      for (;;) {
        await idle();
        if (sim.inflight > 0) {
          await realSleep(1);
          continue;
        }
        const next = clock.nextTimerAt();
        if (next === undefined || next > until) break;
        clock.advanceTo(next);
        await new Promise((resolve) => setImmediate(resolve));
      }
      clock.advanceTo(until);
      await idle();
    },
    /** Runs until virtual time `ms` from now (or the call ends). */
    async runFor(ms: number) {
      const until = clock.now() + ms;
      for (;;) {
        if (poller) await poller.poll();
        await idle();
        if (sim.inflight > 0) {
          await realSleep(1);
          continue;
        }
        const next = clock.nextTimerAt();
        if (next === undefined || next > until || sim.live === 0) return;
        clock.advanceTo(next);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    /**
     * A `kill -9` and restart of the adapter process: nothing of it is awaited (a write it hangs in stays hung),
     * its memory is gone; the store (`options.store`) is not.
     */
    async crash() {
      current = undefined;
      void app.close();
      app = await boot();
      return app;
    },
    /** The adapter's event URL over real HTTP (`http-loopback` mode). */
    get eventUrl() {
      return adapterServer ? `${adapterServer.url}/events` : undefined;
    },
    /** A crash and restart of the adapter process: its memory is gone, the store's directory is not. */
    async restart() {
      current = undefined;
      await app.close();
      await socket?.close();
      app = await boot();
      return app;
    },
    heard(referenceId: string): string[] {
      return sim
        .transcript(referenceId)
        .entries.flatMap((entry) => (entry.kind === 'heard' ? [String(entry.text ?? '')] : []));
    },
    async close() {
      await app.close();
      await socket?.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
