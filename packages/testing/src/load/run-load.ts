/**
 * `runLoad`: a population of callers (a mix of personas) calls an inbound flow. Each call comes in through the
 * simulator, playing TeleSign as it publishes itself (signed event POSTs, the `/v2/voice` action API; no Call
 * Query API, no WebSocket), to the real adapter app (`createVoiceApp`), in virtual time by default. The flow's
 * steps are tapped into a funnel; outcomes, time in the IVR and the adapter's event→action latency are measured.
 *
 * @module
 */
import {
  type Clock as AdapterClock,
  createMemoryStore,
  createTeleSignClient,
  createVoiceApp,
  type LogFields,
  type Logger,
  type Store,
} from '@ivrkit/adapter-http';
import type { Flow } from '@ivrkit/machines';
import type { BufferedRequest, DialStatus } from '@ivrkit/protocol';
import {
  type Clock,
  createRandom,
  createRealClock,
  createSimulator,
  createVirtualClock,
  type Random,
} from '@ivrkit/simulator';
import { createCallTracker, LOAD_OUTCOMES, type LoadOutcome } from './call-tracker.js';
import { checkExpectations, type LoadReport, parseExpectation, percentiles } from './load-report.js';
import { assignPersonas, DEFAULT_MIX, PERSONAS, type Persona, promptEntries } from './personas.js';

/**
 * Options of {@link runLoad}.
 *
 * @example
 * const options: LoadOptions = { callers: 10_000, mix: { patient: 60, impatient: 20, 'wrong-keys': 10, silent: 10 }, expect: ['transfer<=30%'] };
 */
export interface LoadOptions {
  /** How many people call. */
  callers: number;
  /** Persona name → relative weight. Default {@link DEFAULT_MIX}. */
  mix?: Readonly<Record<string, number>>;
  /** Personas by name, over the built-in {@link PERSONAS}. */
  personas?: Readonly<Record<string, Persona>>;
  /** Average arrivals per minute of simulated time (Poisson). Default 120. */
  ratePerMinute?: number;
  /** Seed of the population, arrivals, transfers and the simulator. Default 1. */
  seed?: number;
  /** Run on a real clock at this many simulated ms per real ms. Default: virtual time. */
  speed?: number;
  /** How transferred calls are met, as relative weights of dial outcomes. Default `{ answered: 80, busy: 20 }`. */
  transfers?: Partial<Record<DialStatus, number>>;
  /** How long an answered transfer lasts before the other party hangs up: `[min, max]` ms. Default 1–5 minutes. */
  talkMs?: readonly [number, number];
  /** Expectations (`transfer<=30%`, `p90<=2m`; see {@link parseExpectation}); any not met makes `ok` false. */
  expect?: readonly string[];
  /** Where the adapter keeps calls (a shared store to load it too). Default: a fresh `createMemoryStore()`. */
  store?: Store;
  /** Stop this long (simulated) after the last arrival, whatever is still up. Default 2 hours. */
  drainMs?: number;
  /** Called about once per simulated minute with the calls ended so far. */
  onProgress?(ended: number, callers: number): void;
}

/** `[testing]` The number the population calls. */
const IVR_NUMBER = '15555551212';

function adapterClock(clock: Clock): AdapterClock {
  return {
    now: () => clock.now(),
    setTimeout: (callback, ms) => clock.schedule(ms, callback) as object,
    clearTimeout: (handle) => clock.clear(handle as never),
  };
}

/** Errors and warnings, counted apart, the first few of each kept. */
function countingLogger(keep: number) {
  const errors = { count: 0, first: [] as string[] };
  const warnings = { count: 0, first: [] as string[] };
  const record = (into: typeof errors, first: LogFields | string, second?: string) => {
    into.count++;
    if (into.first.length >= keep) return;
    const [fields, msg] = typeof first === 'string' ? [{} as LogFields, first] : [first, second ?? ''];
    const error = fields.error instanceof Error ? ` (${fields.error.message})` : '';
    into.first.push(`${msg}${error}${fields.reference_id ? ` [${fields.reference_id}]` : ''}`);
  };
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (first: LogFields | string, msg?: string) => record(warnings, first, msg),
    error: (first: LogFields | string, msg?: string) => record(errors, first, msg),
  };
  return { logger, errors, warnings };
}

function weighted<T extends string>(random: Random, weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights).filter(([, w]) => (w as number) > 0) as Array<[T, number]>;
  let draw = random.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [name, weight] of entries) {
    draw -= weight;
    if (draw < 0) return name;
  }
  return (entries[entries.length - 1] as [T, number])[0];
}

const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a caller population against `flow` and reports. Never throws for a misbehaving flow (what went wrong is in
 * the report); throws a `RangeError` for options that cannot run (an outbound flow, an unknown persona, a bad
 * expectation).
 *
 * @example
 * const report = await runLoad(bankFlow, { callers: 1_000, expect: ['transfer<=30%'] });
 * console.log(formatLoadReport(report));
 */
export async function runLoad(flow: Flow, options: LoadOptions): Promise<LoadReport> {
  if (flow.direction !== 'inbound')
    throw new RangeError(`runLoad: ${flow.id} is an ${flow.direction} flow; load runs call inbound flows`);
  if (!Number.isInteger(options.callers) || options.callers < 0)
    throw new RangeError(`runLoad: callers must be a whole number, got ${options.callers}`);
  const personas: Record<string, Persona> = { ...PERSONAS, ...options.personas };
  const mix = options.mix ?? DEFAULT_MIX;
  for (const name of Object.keys(mix))
    if (!personas[name])
      throw new RangeError(`no persona named "${name}" (known: ${Object.keys(personas).join(', ')})`);
  const expectations = (options.expect ?? []).map(parseExpectation);
  const seed = options.seed ?? 1;
  const rate = options.ratePerMinute ?? 120;
  const random = createRandom(seed);
  const started = performance.now();

  const clock: Clock =
    options.speed === undefined ? createVirtualClock() : createRealClock({ speed: options.speed });
  const aclock = adapterClock(clock);
  const tracker = createCallTracker(flow);
  const latencies: number[] = [];
  const logs = countingLogger(20);
  let handle: (request: BufferedRequest) => ReturnType<ReturnType<typeof createVoiceApp>['handle']>;
  const sim = createSimulator({
    clock,
    seed,
    // In-process, an empty answer needs no real wait for a later action: what the app sends in the same turn (a
    // lookup that settles at once) reaches `sim.fetch` before time moves; a lookup that takes real time sees
    // virtual time move on, as its own timeout would.
    eventDelivery: { replyGraceMs: 0 },
    customer: {
      async handle(request) {
        const at = performance.now();
        try {
          return await handle(request);
        } finally {
          latencies.push(performance.now() - at);
        }
      },
    },
  });
  const client = createTeleSignClient({
    ...sim.credentials,
    baseUrl: 'http://telesign.load.test',
    fetch: sim.fetch,
    clock: aclock,
    env: {},
  });
  const app = createVoiceApp({
    flow: tracker.engine,
    // TeleSign publishes no Call Query API: the app gets none.
    client: {
      sendAction: (referenceId, action, callOptions) => client.sendAction(referenceId, action, callOptions),
      dial: (params, callOptions) => client.dial(params, callOptions),
    },
    store: options.store ?? createMemoryStore(),
    verify: { mode: 'required', ...sim.credentials },
    clock: aclock,
    logger: logs.logger,
    env: {},
  });
  handle = (request) => app.handle(request);

  const transferRandom = random.fork('transfers');
  const transfers = options.transfers ?? { answered: 80, busy: 20 };
  const [talkMin, talkMax] = options.talkMs ?? [60_000, 300_000];
  app.subscribe((notice) => {
    if (notice.type !== 'actions') return;
    for (const action of notice.actions) {
      if (action.method !== 'dial') continue;
      sim.setCallee(action.params.to, {
        outcome: weighted(transferRandom, transfers),
        caller: { hangupAtMs: transferRandom.int(talkMin, talkMax) },
      });
    }
  });

  const outcomes = Object.fromEntries(LOAD_OUTCOMES.map((o) => [o, 0])) as Record<LoadOutcome, number>;
  const byPersona: LoadReport['byPersona'] = {};
  const durations: number[] = [];
  const ended: string[] = [];
  let violations = 0;
  tracker.onCallEnd((end) => {
    outcomes[end.outcome]++;
    byPersona[end.persona] ??= Object.fromEntries(LOAD_OUTCOMES.map((o) => [o, 0])) as Record<
      LoadOutcome,
      number
    >;
    (byPersona[end.persona] as Record<LoadOutcome, number>)[end.outcome]++;
    durations.push(end.timeInIvrMs);
    ended.push(end.referenceId);
  });

  const population = assignPersonas(options.callers, mix, random.fork('mix'));
  const entries = promptEntries(flow);
  const arrivals = random.fork('arrivals');
  const callerRandom = random.fork('callers');
  let at = 0;
  let placed = 0;
  population.forEach((persona, index) => {
    at += (-Math.log(1 - arrivals.next()) * 60_000) / rate;
    clock.schedule(at, () => {
      const caller = (personas[persona] as Persona).caller({
        random: callerRandom.fork(String(index)),
        index,
        entries,
      });
      const from = `1555${String(index).padStart(7, '0')}`;
      const info = sim.placeInboundCall({ to: IVR_NUMBER, from, caller });
      tracker.expect(info.reference_id, persona);
      placed++;
    });
  });
  const startedAt = clock.now();
  const lastArrival = startedAt + at;
  const stopAt = lastArrival + (options.drainMs ?? 2 * 3_600_000);
  let forgotten = 0;
  const forgetEnded = () => {
    // A call ended by the flow is forgotten by the simulator once its last delivery is done (bounded memory).
    while (forgotten < ended.length) {
      const reference = ended[forgotten] as string;
      const known = sim.call(reference) !== undefined;
      const found = known ? sim.violations(reference).length : 0;
      if (known && !sim.forget(reference)) break;
      violations += found;
      forgotten++;
    }
  };
  while ((placed < population.length || sim.live > 0) && clock.now() < stopAt) {
    if (clock.kind === 'virtual') await sim.clock.advance(60_000);
    else await realPause(100);
    await app.idle();
    forgetEnded();
    options.onProgress?.(ended.length, population.length);
  }
  if (clock.kind === 'virtual') await sim.runUntilIdle({ maxVirtualMs: 120_000 });
  await app.idle();
  tracker.finishAll(clock.now());
  forgetEnded();
  for (const call of sim.calls()) violations += sim.violations(call.reference_id).length;
  await app.close();
  await sim.close();

  const mixCounts = Object.fromEntries(
    Object.keys(mix).map((name) => [name, population.filter((p) => p === name).length]),
  );
  const figures: Omit<LoadReport, 'expectations' | 'ok'> = {
    flow: { id: flow.id, version: flow.version },
    callers: population.length,
    mix: mixCounts,
    seed,
    clock: clock.kind === 'virtual' ? { kind: 'virtual' } : { kind: 'real', speed: clock.speed },
    ratePerMinute: rate,
    simulatedMs: clock.now() - startedAt,
    elapsedMs: performance.now() - started,
    outcomes,
    byPersona,
    timeInIvr: percentiles(durations),
    latency: percentiles(latencies),
    funnel: tracker.funnel(),
    errors: { count: logs.errors.count + tracker.untracked, first: logs.errors.first },
    warnings: { count: logs.warnings.count, first: logs.warnings.first },
    violations,
  };
  const checked = checkExpectations(figures, expectations);
  return { ...figures, expectations: checked, ok: checked.every((e) => e.ok) };
}
