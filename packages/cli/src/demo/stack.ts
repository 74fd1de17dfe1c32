/**
 * The demo's running parts, wired on loopback: the simulator (real time, variable speed) with the softphone page and
 * its live feed on one origin, and an adapter server running an inbound flow (the bank) and an outbound flow (the
 * appointment reminder) on file stores — the simulator's event URL pointing at the adapter.
 *
 * ```
 *   browser ──HTTP/WS──▶ demo origin: softphone page · /_demo API · /_demo/live · simulator (/v2/voice, /_sim)
 *                                       │ events (signed POST)            ▲ actions, dials (HMAC-signed)
 *                                       ▼                                  │
 *                               adapter origin: bank + reminder voice apps (file stores)
 * ```
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createFileStore,
  createJsonLogger,
  createTeleSignClient,
  createVoiceApp,
  engineFromFlow,
  type FlowInput,
  type Store,
  serve,
  type VoiceApp,
} from '@ivrkit/adapter-http';
import type { Flow } from '@ivrkit/machines';
import { PATHS } from '@ivrkit/protocol';
import type { ListenerLimits } from '@ivrkit/protocol/node';
import { createSimulator, DEMO_CREDENTIALS, type Simulator } from '@ivrkit/simulator';
import { buildSoftphone, createStaticHandler, type FlowInfo, LIVE_PATH } from '@ivrkit/softphone';
import { type CallInspector, inspectedEngine } from '../inspect/call-inspection.js';
import { chartOf } from './chart-model.js';
import { createDemoApi } from './demo-api.js';
import { routeEventsByCall } from './event-router.js';
import { type Host, type SocketHandler, simulatorSocket, startHost } from './host-server.js';
import { createLiveFeed, type LiveFeed } from './live-feed.js';
import { createVariableClock, type VariableClock } from './variable-clock.js';

/** A flow the demo runs, with its short name. */
export interface NamedFlow {
  name: string;
  flow: Flow;
}

/** Options of {@link startDemoStack}. */
export interface DemoStackOptions {
  /** The inbound flow people call. */
  inbound: NamedFlow;
  /** An outbound flow for "call me" and campaigns; none disables both. */
  outbound?: NamedFlow;
  /** Where the file stores and the adapter's log go (created). */
  dataDir: string;
  host?: string;
  /** Port of the simulator + softphone origin; 0 (default) picks a free one. */
  port?: number;
  /** Port of the adapter (the event URL); 0 (default) picks a free one. */
  adapterPort?: number;
  /** Initial clock speed (simulated ms per real ms). Default 1. */
  speed?: number;
  /** The IVR's number (leased in the simulator). Default `15555551212`. */
  number?: string;
  /** The softphone's own number. Default `15550009999`. */
  softphoneNumber?: string;
  /** Serve the softphone page (built with vite when stale). Default true. */
  ui?: boolean;
  /** Overrides of both servers' time and connection limits (`LISTENER_LIMITS` of `@ivrkit/protocol`). */
  limits?: Partial<ListenerLimits>;
  /** Stream each call's statechart to this inspector (`--inspect`). */
  inspector?: CallInspector | undefined;
}

/** The running demo. */
export interface DemoStack {
  sim: Simulator;
  clock: VariableClock;
  feed: LiveFeed;
  /** The simulator's (and the page's) origin. */
  simUrl: string;
  /** The softphone page. */
  pageUrl: string;
  /** The event URL the simulator posts to. */
  eventUrl: string;
  number: string;
  softphoneNumber: string;
  inbound: VoiceApp;
  outbound: VoiceApp | undefined;
  /** The adapter's JSON log. */
  logFile: string;
  /** Stops everything: servers, sockets, timers, stores. Idempotent. */
  close(): Promise<void>;
}

/** `[demo]` The IVR's number when none is given (the simulator's demo number). */
export const DEMO_IVR_NUMBER = '15555551212';
/** `[demo]` The softphone's own number. */
export const DEMO_SOFTPHONE_NUMBER = '15550009999';

/**
 * Starts the demo's parts; on failure, stops whatever had started and rethrows.
 *
 * @example
 * const stack = await startDemoStack({ inbound: { name: 'bank', flow: bankFlow }, dataDir: '.ivrkit-data/demo' });
 * console.log(stack.pageUrl);
 * await stack.close();
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const host = options.host ?? '127.0.0.1';
  const number = options.number ?? DEMO_IVR_NUMBER;
  const softphoneNumber = options.softphoneNumber ?? DEMO_SOFTPHONE_NUMBER;
  const cleanup: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    await mkdir(options.dataDir, { recursive: true });
    const logFile = join(options.dataDir, 'adapter.log');
    const log = createWriteStream(logFile, { flags: 'a' });
    cleanup.push(() => new Promise<void>((resolve) => log.end(resolve)));
    const logger = createJsonLogger({ write: (line) => log.write(`${line}\n`), level: 'info' });
    const clock = createVariableClock(options.speed ?? 1);
    const ui = options.ui === false ? undefined : createStaticHandler(await buildSoftphone());

    const credentials = { ...DEMO_CREDENTIALS };

    // The origin first (its handler bound once everything exists): the client needs its URL.
    let route: (request: Request) => Promise<Response> = async () =>
      new Response('starting', { status: 503 });
    const sockets: Record<string, SocketHandler> = {};
    const origin: Host = await startHost({
      host,
      ...(options.limits ? { limits: options.limits } : {}),
      port: options.port ?? 0,
      handler: (request) => route(request),
      sockets,
    });
    cleanup.push(() => origin.close());
    const simUrl = origin.url;

    // Then the adapter: its URL is the simulator's event URL.
    const client = createTeleSignClient({ ...credentials, baseUrl: simUrl, clock: clock.adapter, env: {} });
    const openApp = async (named: NamedFlow): Promise<{ app: VoiceApp; store: Store }> => {
      const store: Store = await createFileStore({ dir: join(options.dataDir, `store-${named.name}`) });
      const app = createVoiceApp({
        flow: options.inspector ? inspectedEngine(named.flow, options.inspector) : named.flow,
        client,
        store,
        verify: { mode: 'required', ...credentials },
        clock: clock.adapter,
        logger,
        env: {},
      });
      cleanup.push(async () => {
        await app.close();
        await store.close();
      });
      await app.resume();
      return { app, store };
    };
    warmUp(options.inbound.flow, number, clock.now());
    if (options.outbound) warmUp(options.outbound.flow, number, clock.now());
    const inbound = (await openApp(options.inbound)).app;
    const opened = options.outbound ? await openApp(options.outbound) : undefined;
    const outbound = opened?.app;
    const adapter = await serve(routeEventsByCall(inbound, outbound ? [outbound] : []), {
      port: options.adapterPort ?? 0,
      hostname: host,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    cleanup.push(() => adapter.close());
    const eventUrl = `${adapter.url}/events`;

    // A fresh seed per run: reference ids must not repeat those of earlier runs kept in the file stores.
    // The demo shows the [ours] powers too (the Call Query API, the event socket): it opts in to them.
    const sim = createSimulator({
      clock,
      credentials,
      numbers: [number],
      eventUrl,
      seed: randomUUID(),
      offer: { callQuery: true, eventSocket: true },
    });
    cleanup.push(() => sim.close());
    sim.setCallee(softphoneNumber, { outcome: 'answered', ringMs: 2_000 });

    const flows: FlowInfo[] = [
      { name: options.inbound.name, direction: 'inbound', number, chart: chartOf(options.inbound.flow) },
    ];
    if (options.outbound) {
      flows.push({
        name: options.outbound.name,
        direction: 'outbound',
        chart: chartOf(options.outbound.flow),
      });
    }
    const feed = createLiveFeed({
      sim,
      flows,
      softphoneNumber,
      campaigns: outbound !== undefined,
      now: () => clock.now(),
    });
    cleanup.push(() => feed.close());
    feed.watchApp(inbound, options.inbound.name);
    if (outbound && options.outbound) feed.watchApp(outbound, options.outbound.name);

    const api = createDemoApi({
      sim,
      feed,
      clock,
      number,
      softphoneNumber,
      ...(opened && options.outbound ? { outbound: { name: options.outbound.name, ...opened } } : {}),
      client,
    });
    cleanup.push(() => api.close());
    route = async (request) => (await api.handle(request)) ?? (await ui?.(request)) ?? sim.fetch(request);
    sockets[PATHS.eventSocket] = simulatorSocket(sim);
    sockets[LIVE_PATH] = (ws) => {
      const detach = feed.attach({ send: (text) => ws.send(text) });
      ws.on('close', detach);
    };

    // Warm both HTTP paths (the first fetch of a process is slow) before anyone's call depends on them.
    await Promise.all([fetch(`${adapter.url}/healthz`), fetch(`${simUrl}${PATHS.simulatorControl}/state`)]);

    return {
      sim,
      clock,
      feed,
      simUrl,
      pageUrl: `${simUrl}/`,
      eventUrl,
      number,
      softphoneNumber,
      inbound,
      outbound,
      logFile,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Steps a flow once, purely, on a made-up first event, so the first real call does not pay for the machine's
 * first run (a few hundred milliseconds cold, a few warm).
 */
function warmUp(flow: Flow, number: string, now: number): void {
  const data = { to: number, from: '15550000000' };
  const event =
    flow.direction === 'inbound'
      ? { event: 'incoming_call' as const, reference_id: 'warm-up', data }
      : { event: 'dial_completed' as const, reference_id: 'warm-up', data: { ...data, status: 'answered' } };
  try {
    engineFromFlow(flow).step(undefined, event as FlowInput, { now });
  } catch {
    // Only a warm-up: the real call reports real problems.
  }
}
