/**
 * `createSimulator`: a local fake TeleSign. One object holds the HTTP surface (`fetch`), the WebSocket port
 * (`acceptSocket`) and the in-process powers the control API mirrors.
 *
 * @module
 */
import {
  type BufferedHandler,
  DEFAULT_DATE_SKEW_MS,
  LIMITS,
  OUR_RESPONSE_STATUS,
  PATHS,
  parseJsonBody,
} from '@ivrkit/protocol';
import { type Credentials, createNonceCache } from '@ivrkit/protocol/auth';
import type { CalleeBehaviour } from './callers/callee.js';
import { type Clock, createRealClock, createVirtualClock } from './clock/clock.js';
import type { RateLimit, SimulatorContext } from './context.js';
import { DEFAULT_SEED, DEMO_CREDENTIALS, DEMO_NUMBER, IN_PROCESS_EVENT_URL } from './defaults.js';
import { type DeliveryOptions, EventDelivery, hasUndelivered } from './delivery/event-delivery.js';
import { SocketHub, type SocketPort } from './delivery/socket-hub.js';
import type { DeliveryMode, SimCall } from './engine/call.js';
import { CallEngine, type InboundCallOptions } from './engine/call-engine.js';
import { type CallInfo, callInfo, transcriptOf } from './engine/call-info.js';
import type { PromptOptions } from './engine/prompt-timing.js';
import { handleReply } from './engine/reply-handler.js';
import type { CallTranscript, Violation } from './engine/transcript.js';
import { DEFAULT_DIAL_REFUSALS, type DialRefusals, VoiceService } from './engine/voice-service.js';
import type { FaultOptions } from './faults.js';
import { authenticate } from './http/authenticate.js';
import { createFetchHandler } from './http/router.js';
import { createRandom } from './random.js';
import { createRunLoop, type RunOptions, type RunResult } from './run-loop.js';
import { PhoneNumbers } from './store/phone-numbers.js';

/**
 * Options of {@link createSimulator}. Every one has a default: `createSimulator()` is a virtual-time simulator
 * with the demo credentials and one leased number.
 *
 * @example
 * const sim = createSimulator({ eventUrl: 'http://127.0.0.1:3000/events', clock: 'real', speed: 10, recording: true });
 */
export interface SimulatorOptions {
  /** The account's customer id and API key (base64). Default {@link DEMO_CREDENTIALS}. */
  credentials?: Credentials;
  /** Numbers leased from the start. Default `[DEMO_NUMBER]`. */
  numbers?: string[];
  /**
   * Where events are POSTed, unless a call sets its own. Default: {@link IN_PROCESS_EVENT_URL} when `fetch` or
   * `customer` is given (an in-process customer), else none.
   */
  eventUrl?: string;
  /** How events reach the customer. Default `'http'` with an event URL (or `fetch`, `customer`), else `'websocket'`. */
  delivery?: DeliveryMode;
  /** The HTTP client for event POSTs: plug in an in-process handler here. Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * An in-process customer that takes events as buffered requests (an `@ivrkit/adapter-http` `VoiceApp`, or any
   * `{ handle(request) }`): the same signed POSTs as over `fetch`, without Web `Request` / `Response` objects, so
   * a test or a bench runs several times faster. Not with `fetch`.
   */
  customer?: BufferedHandler;
  /** `'virtual'` (default), `'real'`, or your own {@link Clock}. */
  clock?: 'virtual' | 'real' | Clock;
  /** With `clock: 'real'`: simulated ms per real ms. Default 1. */
  speed?: number;
  /** Virtual clocks: where time starts, epoch ms. Default 2026-01-01T00:00:00Z. */
  startAt?: number;
  /** Seed of every random choice (reference ids, faults). Default 1. */
  seed?: number | string;
  /** Faults for every call (calls may override). */
  faults?: FaultOptions;
  /** Event delivery timeout and retries. Defaults: `EVENT_DELIVERY_DEFAULTS`. */
  eventDelivery?: DeliveryOptions;
  /** Prompt lengths and failures. */
  prompts?: PromptOptions;
  /** Whether calls are recorded. Default `false`. */
  recording?: boolean;
  /** Behaviour of dialled numbers, by number. */
  callees?: Record<string, CalleeBehaviour>;
  /** Numbers `dial` refuses with a 200. Default {@link DEFAULT_DIAL_REFUSALS}. */
  dialRefusals?: DialRefusals;
  /** A rate limit on `/v2/voice` (429 `rate_limit_exceeded`). Default none. */
  rateLimit?: RateLimit;
  /** Wall clock for HMAC `Date` checks. Default `Date.now`. */
  wallClock?: () => number;
  /** Origin used in recording URLs. Default: the request's. */
  publicUrl?: string;
  /** Largest accepted body. Default `LIMITS.maxBodyBytes`. */
  maxBodyBytes?: number;
  /**
   * `[ours]` powers beyond what TeleSign publishes, each off by default so that a simulator built with defaults
   * behaves as the real API does: `callQuery` serves the Call Query API (`PATHS.callQuery`; otherwise 404), and
   * `eventSocket` the WebSocket channel (`PATHS.eventSocket`; otherwise upgrades are refused with 404 and no call
   * is delivered over it). Turn one on where a test, the demo or a tool is about it.
   */
  offer?: SimulatorOffer;
}

/**
 * The `[ours]` powers a simulator offers (see {@link SimulatorOptions.offer}).
 *
 * @example
 * const sim = createSimulator({ offer: { callQuery: true, eventSocket: true } });
 */
export interface SimulatorOffer {
  /** Serve the Call Query API. Default `false`: its paths answer 404, as TeleSign's would. */
  callQuery?: boolean;
  /** Serve the WebSocket event channel. Default `false`. */
  eventSocket?: boolean;
}

/**
 * The clock as the simulator exposes it.
 *
 * @example
 * await sim.clock.advance(10_000);
 * sim.clock.now();
 */
export interface SimulatorClock {
  readonly kind: 'virtual' | 'real';
  now(): number;
  /**
   * Virtual clocks only (throws otherwise): moves time forward by `ms`, timer by timer, letting every delivery
   * (and awaited customer action) finish before time moves past it — so `await sim.clock.advance(10_000)` is
   * ten seconds of a call as the customer would live them.
   */
  advance(ms: number): Promise<void>;
}

/**
 * A running simulator.
 *
 * @example
 * const sim: Simulator = createSimulator();
 * const response = await sim.fetch(new Request('http://sim/_sim/state'));
 */
export interface Simulator {
  /** The whole HTTP surface: `/v2/voice`, phone numbers, recordings, Call Query API, control API. */
  fetch(request: Request): Promise<Response>;
  /**
   * Adopts a WebSocket connection to `PATHS.eventSocket` made with `request` (its headers authenticate it).
   * Returns `false`, after sending a refusal and closing the port with 1008, when authentication fails.
   */
  acceptSocket(port: SocketPort, request: Request): boolean;
  /** Someone calls one of the account's numbers. Throws `RangeError` when `to` is not leased. */
  placeInboundCall(options: InboundCallOptions): CallInfo;
  /** How a dialled number behaves. */
  setCallee(number: string, behaviour: CalleeBehaviour): void;
  /** Sets one call's event URL. */
  setEventUrl(referenceId: string, url: string): void;
  /** Every call, newest last. */
  calls(): CallInfo[];
  /** One call, or `undefined`. */
  call(referenceId: string): CallInfo | undefined;
  /** A call's transcript. Throws `RangeError` for an unknown call. */
  transcript(referenceId: string): CallTranscript;
  /** Protocol violations, of one call or all. */
  violations(referenceId?: string): Violation[];
  /** The person on the call presses digits now. */
  press(referenceId: string, digits: string): void;
  /** The person on the call hangs up now. */
  hangup(referenceId: string): void;
  /** Leased numbers. */
  numbers(): string[];
  /**
   * Drops an ended call (its transcript, feed and violations) to bound memory in long runs; `false` when the
   * call is unknown or still live.
   */
  forget(referenceId: string): boolean;
  readonly clock: SimulatorClock;
  readonly credentials: Credentials;
  /** Deliveries (or customer replies) outstanding. */
  readonly inflight: number;
  /** Calls not ended. */
  readonly live: number;
  /**
   * Runs until no call is live. Virtual clocks jump to the next timer whenever no delivery is in flight; real
   * clocks wait.
   */
  runUntilIdle(options?: RunOptions): Promise<RunResult>;
  /** Closes every socket and stops every call's timers. */
  close(): Promise<void>;
  /** The `[ours]` powers this simulator offers. */
  readonly offers: Readonly<Required<SimulatorOffer>>;
}

/**
 * Creates a simulator.
 *
 * @example
 * const sim = createSimulator({ eventUrl: 'http://customer/events', fetch: customer.fetch });
 * const { reference_id } = sim.placeInboundCall({ to: '15555551212', from: '15558675309', caller: { rules: [{ prompt: 1, press: '923' }] } });
 * await sim.runUntilIdle();
 * console.log(sim.transcript(reference_id).entries);
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const credentials = options.credentials ?? { ...DEMO_CREDENTIALS };
  const clock: Clock =
    options.clock === undefined || options.clock === 'virtual'
      ? createVirtualClock(options.startAt)
      : options.clock === 'real'
        ? createRealClock(options.speed === undefined ? {} : { speed: options.speed })
        : options.clock;
  const random = createRandom(options.seed ?? DEFAULT_SEED);
  const faults = options.faults ?? {};
  const numbers = new PhoneNumbers(() => clock.now(), options.numbers ?? [DEMO_NUMBER]);
  const callees = new Map(Object.entries(options.callees ?? {}));
  const sockets = new SocketHub();
  const wallClock = options.wallClock ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.maxBodyBytes;
  let ended: Array<() => void> = [];
  // An in-process customer (`fetch` given) needs no URL of its own: events go to it at a placeholder address.
  if (options.fetch !== undefined && options.customer !== undefined) {
    throw new TypeError('createSimulator: give either fetch or customer, not both');
  }
  const inProcess = options.fetch !== undefined || options.customer !== undefined;
  const eventUrl = options.eventUrl ?? (inProcess ? IN_PROCESS_EVENT_URL : undefined);
  const offers: Required<SimulatorOffer> = {
    callQuery: options.offer?.callQuery ?? false,
    eventSocket: options.offer?.eventSocket ?? false,
  };
  if (options.delivery === 'websocket' && !offers.eventSocket) {
    throw new TypeError("createSimulator: delivery 'websocket' needs offer: { eventSocket: true } ([ours])");
  }

  // The engine and delivery refer to each other through these late-bound functions.
  let delivery: EventDelivery;
  const engine: CallEngine = new CallEngine({
    clock,
    random: random.fork('calls'),
    prompts: options.prompts ?? {},
    faults,
    recording: options.recording ?? false,
    eventUrl,
    deliveryMode: options.delivery ?? (eventUrl === undefined && offers.eventSocket ? 'websocket' : 'http'),
    calleeOf: (number) => callees.get(number) ?? {},
    ownsNumber: (number) => numbers.owns(number),
    deliver: (call, event, sequence) => delivery.enqueue(call, event, sequence),
    onEnded: (call) => {
      delivery.release(call);
      if (engine.live === 0) {
        const waiting = ended;
        ended = [];
        for (const resolve of waiting) resolve();
      }
    },
  });
  delivery = new EventDelivery({
    clock,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    network: !inProcess,
    ...(options.customer ? { customer: options.customer } : {}),
    credentials,
    options: options.eventDelivery ?? {},
    sockets,
    record: (call, entry) => engine.record(call, entry),
    onAnswer: (call, event, sequence, body, copy) => handleReply(engine, call, event, sequence, body, copy),
  });
  const voice = new VoiceService({
    engine,
    random: random.fork('refusals'),
    ownsNumber: (number) => numbers.owns(number),
    dialRefusals: options.dialRefusals ?? DEFAULT_DIAL_REFUSALS,
    onAction: (call) => delivery.release(call),
    maxBodyBytes,
  });
  const auth = {
    customerId: credentials.customerId,
    apiKey: credentials.apiKey,
    nonces: createNonceCache({ ttlMs: DEFAULT_DATE_SKEW_MS, now: wallClock }),
    now: wallClock,
  };

  const find = (referenceId: string): SimCall => {
    const call = engine.calls.get(referenceId);
    if (call === undefined) throw new RangeError(`no call has reference_id ${referenceId}`);
    return call;
  };

  const loop = createRunLoop({
    clock,
    delivery,
    live: () => engine.live,
    undelivered: () => {
      for (const call of engine.calls.values()) if (hasUndelivered(call)) return true;
      return false;
    },
    whenAllEnded: (resolve) => ended.push(resolve),
  });
  const simClock: SimulatorClock = {
    kind: clock.kind,
    now: () => clock.now(),
    advance: (ms) => loop.advance(ms),
  };

  const sim: Simulator = {
    fetch: (request) => handler(request),
    acceptSocket(port, request) {
      if (!offers.eventSocket) {
        try {
          port.send(
            JSON.stringify({
              status: OUR_RESPONSE_STATUS.notFound,
              message: `no route for ${PATHS.eventSocket}`,
            }),
          );
          port.close(1008, OUR_RESPONSE_STATUS.notFound);
        } catch {
          // The socket is already gone.
        }
        return false;
      }
      const url = new URL(request.url);
      const result = authenticate(request, url.pathname, '', auth);
      if (!result.ok) {
        try {
          port.send(JSON.stringify({ status: result.status, message: result.message }));
          port.close(1008, result.status);
        } catch {
          // The socket is already gone.
        }
        return false;
      }
      sockets.attach(port, (text, from) => {
        const [reply, sendEvents] = sockets.holdSends(() => socketAction(text));
        try {
          from.send(JSON.stringify(reply));
        } catch {
          // Closed meanwhile: the action was still applied.
        }
        sendEvents();
      });
      return true;
    },
    placeInboundCall: (inbound) => callInfo(engine.placeInbound(inbound)),
    setCallee: (number, behaviour) => {
      callees.set(number, behaviour);
    },
    setEventUrl: (referenceId, url) => {
      find(referenceId).eventUrl = url;
    },
    calls: () => [...engine.calls.values()].map(callInfo),
    call: (referenceId) => {
      const call = engine.calls.get(referenceId);
      return call === undefined ? undefined : callInfo(call);
    },
    transcript: (referenceId) => transcriptOf(find(referenceId)),
    violations: (referenceId) => {
      if (referenceId !== undefined) return find(referenceId).violations.slice();
      const all: Violation[] = [];
      for (const call of engine.calls.values()) all.push(...call.violations);
      return all;
    },
    press: (referenceId, digits) => {
      const call = find(referenceId);
      for (const digit of digits) engine.press(call, call.party, digit);
    },
    hangup: (referenceId) => {
      const call = find(referenceId);
      engine.partyHangup(call, call.party, 'hung up (control)');
    },
    numbers: () => numbers.leased().map((item) => item.phone_number),
    forget: (referenceId) => {
      const call = engine.calls.get(referenceId);
      if (call === undefined || call.endedAt === undefined) return false;
      engine.calls.delete(referenceId);
      return true;
    },
    clock: simClock,
    credentials,
    offers,
    get inflight() {
      return delivery.inflight;
    },
    get live() {
      return engine.live;
    },
    runUntilIdle: (run = {}) => loop.runUntilIdle(run),
    async close() {
      sockets.closeAll();
      for (const call of engine.calls.values()) {
        for (const timer of call.timers) clock.clear(timer);
        call.timers.clear();
      }
      await delivery.whenIdle();
    },
  };

  const ctx: SimulatorContext = {
    clock,
    engine,
    voice,
    delivery,
    sockets,
    numbers,
    auth,
    faults,
    random: random.fork('voice-faults'),
    rateLimit: options.rateLimit,
    recentVoiceRequests: [],
    deletedRecordings: new Set(),
    maxBodyBytes,
    publicUrl: options.publicUrl,
    control: sim,
  };
  const handler = createFetchHandler(ctx);

  function socketAction(text: string): Record<string, unknown> {
    const json = parseJsonBody(text, { maxBytes: maxBodyBytes });
    if (!json.ok) {
      return { reference_id: '', status: OUR_RESPONSE_STATUS.invalidRequest, message: json.issue.message };
    }
    const id = (json.value as { id?: unknown } | null)?.id;
    const answer = voice.handleValue(json.value, 'socket');
    const reply: Record<string, unknown> = { ...answer.body };
    if (typeof id === 'string' || typeof id === 'number') reply.id = id;
    return reply;
  }

  return sim;
}

export type { RunOptions, RunResult };
