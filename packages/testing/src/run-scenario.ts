/**
 * The harness: one {@link Scenario} run in-process and in virtual time — the simulator plays TeleSign and the
 * people on the line, the real adapter app (`createVoiceApp` with a memory store) runs the flow, and the
 * simulator's event delivery calls the app's `fetch` directly. Nothing listens on a socket; nothing waits for
 * real time except a millisecond of grace after an empty answer (the simulator's own rule).
 *
 * @module
 */
import {
  type Clock as AdapterClock,
  createMemoryLogger,
  createMemoryStore,
  createTeleSignClient,
  createVoiceApp,
  type LogRecord,
} from '@ivrkit/adapter-http';
import type { Flow } from '@ivrkit/machines';
import { STATUS, type VoiceEvent } from '@ivrkit/protocol';
import {
  type CallTranscript,
  createSimulator,
  createVirtualClock,
  type Simulator,
  type Violation,
  type VirtualClock,
} from '@ivrkit/simulator';
import type { Cassette } from './cassette.js';
import { type ControlledEngine, controlledEngine } from './controlled-engine.js';
import { createRecorder, type FetchHandler } from './recorder.js';
import { DEFAULT_LEG_MS, type Scenario, type TransferOutcome, toFaultOptions } from './scenario.js';
import type { TraceStep } from './trace.js';

/**
 * Options of {@link runScenario}.
 *
 * @example
 * const options: RunScenarioOptions = { externalId: 'appt-1', maxCallMs: 600_000, repeats: 'window' };
 */
export interface RunScenarioOptions {
  /** Inbound flows: the caller's number. Default `15558675309`. */
  callerNumber?: string;
  /** Outbound flows: the number dialled. Default `15552223333`. */
  calleeNumber?: string;
  /** Outbound flows: the `external_id` of the dial (an appointment id, a campaign's row). */
  externalId?: string;
  /** Give up on a call still up after this much virtual time. Default 15 minutes. */
  maxCallMs?: number;
  /** Record the transitions each step takes (coverage). Default false. */
  traceTransitions?: boolean;
  /**
   * The simulator's profile and the adapter's `repeats`: by default the simulator is what TeleSign publishes (no
   * Call Query API: the adapter's delivery rules decide, and its lost-event fallback recovers). `'call-query'` has
   * the simulator offer its `[ours]` Call Query API and the adapter use it; `'rules'` (or its former name
   * `'window'`) keeps the Call Query API off.
   */
  repeats?: 'call-query' | 'rules' | 'window';
  /**
   * Stop once this many prompts in a row ended without input and the flow kept going: a loop (outcome `looping`).
   * Default 20.
   */
  silentPromptLimit?: number;
  /**
   * Stop once the flow has played this many prompts in the call, whatever the caller did: a caller kept on the
   * line (outcome `looping`). Default 100.
   */
  promptLimit?: number;
}

/**
 * The result of one scenario.
 *
 * @example
 * const run = await runScenario(bankFlow, { caller: { rules: [{ prompt: 1, press: '0' }] } });
 * run.end; // 'hung_up'
 */
export interface CaseRun {
  scenario: Scenario;
  referenceId: string;
  direction: Flow['direction'];
  /** The simulator's transcript of the call. */
  transcript: CallTranscript;
  /** Protocol violations the simulator recorded. */
  violations: Violation[];
  /** The flow's steps for this call, as the adapter ran them. */
  steps: TraceStep[];
  /** Steps of the `unexpectedFirst` prelude call, if any. */
  preludeSteps: TraceStep[];
  /** Why the flow ended, if it did. */
  end?: string;
  /**
   * `ended`: the call and the flow ended; `bound`: still going at `maxCallMs`; `stalled`: nothing left to happen;
   * `looping`: `silentPromptLimit` prompts in a row ended without input, or `promptLimit` prompts were played, and
   * the call went on.
   */
  outcome: 'ended' | 'bound' | 'stalled' | 'looping';
  /** Virtual ms from the start of the call to its `call_completed` (or to the stop). */
  durationMs: number;
  /** `call_completed.data.status`, if it came. */
  callStatus?: string;
  /** Errors and warnings the adapter logged (a flow that threw, a refused action). */
  adapterErrors: string[];
  /** The exchange as a cassette. */
  cassette: Cassette;
  /** Lookups the flow started, with their forced outcomes. */
  lookups: ControlledEngine['lookups'];
}

/**
 * `[testing]` The event URL the harness's simulator posts to (never resolved: the app is called in-process).
 *
 * @example
 * run.transcript; // events were posted to HARNESS_EVENT_URL, in-process
 */
export const HARNESS_EVENT_URL = 'http://flow.ivrkit.test/events';

function adapterClock(clock: VirtualClock): AdapterClock {
  return {
    now: () => clock.now(),
    setTimeout: (callback, ms) => clock.schedule(ms, callback) as object,
    clearTimeout: (handle) => clock.clear(handle as never),
  };
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits until the simulator has nothing in flight, the app sends nothing and runs no lookup that will settle, and
 * the promise chains have run out: only then may virtual time move.
 */
async function settle(sim: Simulator, busy: () => number): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    await macrotask();
    quiet = sim.inflight === 0 && busy() === 0 ? quiet + 1 : 0;
  }
}

function calleeFor(transfer: TransferOutcome | undefined) {
  const outcome = transfer?.outcome ?? STATUS.dial.answered;
  return {
    outcome,
    caller: { hangupAtMs: transfer?.legMs ?? DEFAULT_LEG_MS },
  };
}

function dialTarget(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    const action = (Array.isArray(value) ? value[0] : value) as { method?: string; params?: { to?: string } };
    return action?.method === 'dial' ? action.params?.to : undefined;
  } catch {
    return undefined;
  }
}

function unexpectedEvent(
  name: NonNullable<Scenario['unexpectedFirst']>,
  to: string,
  from: string,
): VoiceEvent {
  const reference_id = 'UNEXPECTED-FIRST-EVENT';
  switch (name) {
    case 'speak_completed':
    case 'play_completed':
      return {
        event: name,
        reference_id,
        data: {
          to,
          from,
          status: name === 'speak_completed' ? STATUS.speak.successful : STATUS.play.successful,
          collected_digits: '',
        },
      } as VoiceEvent;
    case 'incoming_call':
      return { event: name, reference_id, data: { to, from } } as VoiceEvent;
    case 'dial_completed':
      return { event: name, reference_id, data: { to, from, status: STATUS.dial.answered } } as VoiceEvent;
    case 'call_leg_completed':
      return { event: name, reference_id, data: { to, from, status: STATUS.callLeg.hangup } } as VoiceEvent;
    case 'call_completed':
      return {
        event: name,
        reference_id,
        data: {
          duration: 0,
          created_on_utc: '',
          answered_on_utc: '',
          ended_on_utc: '',
          status: STATUS.call.hangup,
          audio_recording_file_name: '',
          to,
          from,
          direction: 'inbound',
        },
      } as VoiceEvent;
  }
}

function describeLog(record: LogRecord): string {
  const error = record.error;
  const why = error instanceof Error ? error.message : error === undefined ? '' : JSON.stringify(error);
  return `${record.level}: ${record.msg}${why ? ` (${why})` : ''}`;
}

/**
 * Runs one scenario of `flow` and returns everything seen. Never throws for a misbehaving flow: what went wrong is
 * in the result (adapter errors, violations, `outcome`), for invariants to judge.
 *
 * @example
 * const run = await runScenario(bankFlow, { caller: { rules: [{ prompt: 1, press: '1' }, { prompt: 2, press: '12345678' }] } });
 * expect(run.violations).toEqual([]);
 */
export async function runScenario(
  flow: Flow,
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<CaseRun> {
  const clock = createVirtualClock();
  const started = clock.now();
  const maxCallMs = options.maxCallMs ?? 15 * 60_000;
  const tapped = controlledEngine(flow, {
    ...(scenario.lookups ? { lookups: scenario.lookups } : {}),
    ...(options.traceTransitions ? { traceTransitions: true } : {}),
  });
  const recorder = createRecorder({ flow: { id: flow.id, version: flow.version }, now: () => clock.now() });
  const transfers = scenario.transfers ?? [];
  let transferCount = 0;
  let appFetch: FetchHandler = () => Promise.reject(new Error('app not ready'));
  let sim: Simulator;
  const onDial = (to: string | undefined) => {
    if (to !== undefined) sim.setCallee(to, calleeFor(transfers[transferCount++]));
  };
  const recordedApp = recorder.handler((request) => appFetch(request));
  const deliver: FetchHandler = async (request) => {
    if (scenario.dropCallCompleted) {
      const body = await request.clone().text();
      if (body.includes('"call_completed"')) return new Response(null, { status: 200 });
    }
    const response = await recordedApp(request);
    const text = await response.text();
    onDial(dialTarget(text));
    return new Response(text, { status: response.status, headers: response.headers });
  };
  sim = createSimulator({
    clock,
    eventUrl: HARNESS_EVENT_URL,
    fetch: deliver,
    seed: scenario.seed ?? 1,
    faults: toFaultOptions(scenario.faults),
    eventDelivery: { replyGraceMs: 1 },
    offer: { callQuery: options.repeats === 'call-query' },
  });
  let sending = 0;
  const toSim = recorder.client(async (request) => {
    sending++;
    try {
      if (request.method === 'POST') {
        // A dial with a reference_id is a transfer; without one it places the outbound call itself.
        const body = await request.clone().text();
        if (body.includes('"reference_id"')) onDial(dialTarget(body));
      }
      return await sim.fetch(request);
    } finally {
      sending--;
    }
  });
  const aclock = adapterClock(clock);
  const logger = createMemoryLogger('warn');
  const client = createTeleSignClient({
    ...sim.credentials,
    baseUrl: 'http://telesign.ivrkit.test',
    fetch: toSim,
    clock: aclock,
    env: {},
    auth: 'basic',
    retry: 0,
  });
  const app = createVoiceApp({
    flow: tapped.engine,
    client,
    store: createMemoryStore(),
    verify: 'off',
    clock: aclock,
    logger,
    // Lookups always answer through the Customer Action API: a lookup that hangs must not hold the delivery
    // (and with it virtual time) still.
    answerBudgetMs: 0,
    ...(options.repeats ? { repeats: options.repeats } : {}),
    // A scenario about what the flow itself does when nothing ends the call (its cap) keeps the adapter's
    // lost-event recovery from ending the call first.
    ...(scenario.lostEventRecovery === false ? { recovery: { marginMs: 10 * 3_600_000 } } : {}),
    env: {},
  });
  appFetch = (request) => app.fetch(request);
  const ours = sim.numbers()[0] as string;
  const theirs =
    flow.direction === 'inbound'
      ? (options.callerNumber ?? '15558675309')
      : (options.calleeNumber ?? '15552223333');

  if (scenario.unexpectedFirst) {
    const event = unexpectedEvent(scenario.unexpectedFirst, ours, theirs);
    tapped.engine.step(undefined, event, { now: clock.now() });
  }
  const preludeSteps = [...tapped.steps.values()].flat();

  let referenceId: string;
  if (flow.direction === 'inbound') {
    referenceId = sim.placeInboundCall({ to: ours, from: theirs, caller: scenario.caller }).reference_id;
  } else {
    sim.setCallee(theirs, { outcome: scenario.answer ?? STATUS.dial.answered, caller: scenario.caller });
    const answer = await app.dial({
      to: theirs,
      caller_id_number: ours,
      ...(options.externalId !== undefined ? { external_id: options.externalId } : {}),
    });
    referenceId = answer.reference_id;
  }

  let outcome: CaseRun['outcome'] = 'ended';
  const flowDone = () => tapped.steps.get(referenceId)?.some((s) => s.done) ?? false;
  // The adapter ends a call whose call_completed came before its first event without stepping the flow.
  const recordEnded = async () => (await app.runtime.get(referenceId))?.ended === true;
  const silentLimit = options.silentPromptLimit ?? 20;
  const promptLimit = options.promptLimit ?? 100;
  const isPrompt = (method: string) => method === 'speak' || method === 'play' || method === 'play_multiple';
  const looping = () => {
    const steps = tapped.steps.get(referenceId) ?? [];
    const prompts = steps.reduce((n, s) => n + s.actions.filter((a) => isPrompt(a.method)).length, 0);
    if (prompts >= promptLimit && !steps.some((s) => s.done)) return true;
    if (steps.length < silentLimit) return false;
    return steps
      .slice(-silentLimit)
      .every(
        (s) => (s.input === 'speak_completed' || s.input === 'play_completed') && s.digits === '' && !s.done,
      );
  };
  for (;;) {
    await settle(sim, () => sending + tapped.running());
    if (looping()) {
      outcome = 'looping';
      break;
    }
    if (
      sim.live === 0 &&
      (flowDone() || (tapped.steps.get(referenceId) === undefined && (await recordEnded())))
    )
      break;
    const next = clock.nextTimerAt();
    if (next === undefined) {
      outcome = 'stalled';
      break;
    }
    if (next > started + maxCallMs) {
      outcome = 'bound';
      clock.advanceTo(started + maxCallMs);
      break;
    }
    clock.advanceTo(next);
  }
  await app.close();
  await sim.close();

  const transcript = sim.transcript(referenceId);
  const completed = transcript.entries.find(
    (e): e is Extract<typeof e, { kind: 'event' }> =>
      e.kind === 'event' && e.event.event === 'call_completed',
  );
  const steps = tapped.steps.get(referenceId) ?? [];
  const end = steps.find((s) => s.done)?.end;
  const run: CaseRun = {
    scenario,
    referenceId,
    direction: flow.direction,
    transcript,
    violations: sim.violations(referenceId),
    steps,
    preludeSteps,
    outcome,
    durationMs: (completed?.at ?? clock.now()) - started,
    adapterErrors: logger.records.map(describeLog),
    cassette: recorder.cassette(),
    lookups: tapped.lookups,
  };
  if (end !== undefined) run.end = end;
  if (completed) run.callStatus = (completed.event.data as { status: string }).status;
  return run;
}
