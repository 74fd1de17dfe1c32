/**
 * Event delivery: how each event reaches the customer — signed HTTP POSTs with timeout, retries and back-off
 * (`EVENT_DELIVERY_DEFAULTS`, docs/protocol.md), a WebSocket, or nothing (the customer polls the Call Query API) —
 * with the configured faults applied on the way. Events of one call go out one at a time, in order (unless a
 * fault reorders them); a call's next event waits until the previous delivery ended.
 *
 * It also keeps the count of deliveries in flight, which a virtual clock must not run past.
 *
 * @module
 */
import {
  type BufferedHandler,
  EVENT_DELIVERY_DEFAULTS,
  headerReader,
  type VoiceEvent,
} from '@ivrkit/protocol';
import { type Credentials, signCallback } from '@ivrkit/protocol/auth';
import type { Clock } from '../clock/clock.js';
import type { SimCall } from '../engine/call.js';
import type { TranscriptInput } from '../engine/transcript.js';
import { drawMs, hasEventFaults } from '../faults.js';
import type { SocketHub } from './socket-hub.js';
import { DeliveryTimeout, Watchdog, type Watched } from './watchdog.js';

/**
 * Retry policy of HTTP delivery. Defaults: `EVENT_DELIVERY_DEFAULTS` `[ours]`.
 *
 * @example
 * createSimulator({ eventDelivery: { timeoutMs: 2_000, attempts: 2, backoffMs: 1_000 } });
 */
export interface DeliveryOptions {
  /** Wait for one attempt's answer, ms. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Wait before retry n is `backoffMs * n`. */
  backoffMs?: number;
  /**
   * Virtual clocks only: after an event is answered with no action (an empty HTTP answer, or any WebSocket
   * event), real milliseconds to wait for the customer's action by POST or socket before virtual time may move
   * on. Default 20; 0 waits for one turn of the event loop only (an in-process customer whose later actions are
   * sent within the turn, as `@ivrkit/testing`'s load runs).
   */
  replyGraceMs?: number;
}

/**
 * What delivery needs from the simulator.
 *
 * @example
 * const delivery = new EventDelivery({ clock, fetch, network: false, credentials, options: {}, sockets, record, onAnswer });
 */
export interface DeliveryDeps {
  clock: Clock;
  fetch: (request: Request) => Promise<Response>;
  /** Whether `fetch` goes over the network (then each attempt gets an `AbortSignal` for its timeout). */
  network: boolean;
  /** An in-process customer taking buffered requests: used instead of `fetch` when given. */
  customer?: BufferedHandler;
  credentials: Credentials;
  options: DeliveryOptions;
  sockets: SocketHub;
  record(call: SimCall, entry: TranscriptInput): void;
  /** An answer body (2xx) to event `sequence` of `call`; `copy` > 1 for fault-injected duplicates. */
  onAnswer(call: SimCall, event: VoiceEvent, sequence: number, body: string, copy: number): void;
}

interface Pending {
  event: VoiceEvent;
  sequence: number;
  body: string;
  copy: number;
}

interface CallQueue {
  items: Pending[];
  busy: boolean;
  held: Pending | undefined;
  /** A virtual-time hold waiting for the customer's action. */
  hold: (() => void) | undefined;
  /** Actions the customer took on this call (by POST or socket): one taken during a send needs no hold. */
  actions: number;
}

/**
 * `[sim]` A held-back (reordered) event goes out after the call's next event, or after this long if none comes.
 *
 * @example
 * createSimulator({ faults: { reorder: 1 } }); // a lone event goes out REORDER_WINDOW_MS late
 */
export const REORDER_WINDOW_MS = 1_000;

/**
 * Whether `call` still has events to deliver: one being sent (or retried), queued, or held back.
 *
 * @example
 * const settled = [...engine.calls.values()].every((call) => !hasUndelivered(call));
 */
export function hasUndelivered(call: SimCall): boolean {
  const queue = call.delivery as CallQueue | undefined;
  return queue !== undefined && (queue.busy || queue.items.length > 0 || queue.held !== undefined);
}

/**
 * Delivers events for every call of one simulator.
 *
 * @example
 * const delivery = new EventDelivery(deps);
 * delivery.enqueue(call, event, 1);
 * await delivery.whenIdle();
 */
export class EventDelivery {
  private inflightCount = 0;
  private waiters: Array<() => void> = [];
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly graceMs: number;
  private readonly watchdog = new Watchdog();

  constructor(private readonly deps: DeliveryDeps) {
    this.timeoutMs = deps.options.timeoutMs ?? EVENT_DELIVERY_DEFAULTS.timeoutMs;
    this.attempts = Math.max(1, deps.options.attempts ?? EVENT_DELIVERY_DEFAULTS.attempts);
    this.backoffMs = deps.options.backoffMs ?? EVENT_DELIVERY_DEFAULTS.backoffMs;
    this.graceMs = deps.options.replyGraceMs ?? 20;
  }

  /** Deliveries (or customer replies) outstanding: a virtual clock waits while this is above 0. */
  get inflight(): number {
    return this.inflightCount;
  }

  /** Resolves once nothing is in flight. */
  whenIdle(): Promise<void> {
    if (this.inflightCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Queues an event of `call`, applying the call's faults. */
  enqueue(call: SimCall, event: VoiceEvent, sequence: number): void {
    if (call.deliveryMode === 'off') return;
    const queue = queueOf(call);
    const item: Pending = { event, sequence, body: JSON.stringify(event), copy: 1 };
    const faults = call.faults;
    if (!hasEventFaults(faults)) {
      queue.items.push(item);
      this.pump(call, queue);
      return;
    }
    const random = call.random;
    if (random.chance(faults.lose ?? 0)) {
      this.deps.record(call, { kind: 'delivery', sequence, outcome: 'lost' });
      return;
    }
    if (queue.held === undefined && random.chance(faults.reorder ?? 0)) {
      queue.held = item;
      this.deps.record(call, { kind: 'delivery', sequence, outcome: 'held_back' });
      this.deps.clock.schedule(REORDER_WINDOW_MS, () => {
        if (queue.held !== item) return;
        queue.held = undefined;
        queue.items.push(item);
        this.pump(call, queue);
      });
      return;
    }
    queue.items.push(item);
    if (queue.held !== undefined) {
      queue.items.push(queue.held);
      queue.held = undefined;
    }
    if (random.chance(faults.duplicate ?? 0)) {
      this.deps.record(call, { kind: 'delivery', sequence, outcome: 'duplicated' });
      queue.items.push({ ...item, copy: 2 });
    }
    this.pump(call, queue);
  }

  /** The customer acted on `call` (by POST or socket): a virtual-time hold for its reply ends. */
  release(call: SimCall): void {
    const queue = call.delivery as CallQueue | undefined;
    if (queue === undefined) return;
    queue.actions++;
    queue.hold?.();
  }

  private pump(call: SimCall, queue: CallQueue): void {
    if (queue.busy) return;
    const item = queue.items.shift();
    if (item === undefined) return;
    queue.busy = true;
    const delay = call.faults.delay;
    if (delay !== undefined && call.random.chance(delay.probability)) {
      const ms = drawMs(delay, call.random.next);
      this.deps.record(call, {
        kind: 'delivery',
        sequence: item.sequence,
        outcome: 'delayed',
        detail: `${ms} ms`,
      });
      this.deps.clock.schedule(ms, () => this.send(call, queue, item, 1));
      return;
    }
    this.send(call, queue, item, 1);
  }

  private done(call: SimCall, queue: CallQueue): void {
    queue.busy = false;
    this.pump(call, queue);
  }

  private send(call: SimCall, queue: CallQueue, item: Pending, attempt: number): void {
    if (call.deliveryMode === 'websocket') {
      this.sendSocket(call, queue, item);
      return;
    }
    const url = call.eventUrl;
    if (url === undefined) {
      this.deps.record(call, {
        kind: 'delivery',
        sequence: item.sequence,
        outcome: 'gave_up',
        detail: 'no event URL is set',
      });
      this.done(call, queue);
      return;
    }
    const faults = call.faults;
    if (attempt <= (faults.failFirstAttempts ?? 0) || call.random.chance(faults.failEventUrl ?? 0)) {
      this.deps.record(call, {
        kind: 'delivery',
        sequence: item.sequence,
        outcome: 'failed',
        attempt,
        detail: 'injected: the event URL answered 503',
      });
      this.retry(call, queue, item, attempt);
      return;
    }
    const slow = faults.slowEventUrl;
    const latency =
      slow !== undefined && call.random.chance(slow.probability) ? drawMs(slow, call.random.next) : 0;
    this.begin();
    this.post(url, item.body).then(
      ({ status, text }) => {
        this.end();
        const finish = (): void => this.finish(call, queue, item, attempt, status, text, latency);
        if (latency > 0) this.deps.clock.schedule(Math.min(latency, this.timeoutMs), finish);
        else finish();
      },
      (error: unknown) => {
        this.end();
        const timedOut = error instanceof DeliveryTimeout;
        this.deps.record(call, {
          kind: 'delivery',
          sequence: item.sequence,
          outcome: timedOut ? 'timeout' : 'failed',
          attempt,
          detail: error instanceof Error ? error.message : String(error),
        });
        this.retry(call, queue, item, attempt);
      },
    );
  }

  private finish(
    call: SimCall,
    queue: CallQueue,
    item: Pending,
    attempt: number,
    status: number,
    text: string,
    latency: number,
  ): void {
    if (latency >= this.timeoutMs) {
      this.deps.record(call, {
        kind: 'delivery',
        sequence: item.sequence,
        outcome: 'timeout',
        attempt,
        detail: `injected: the event URL took ${latency} ms`,
      });
      this.retry(call, queue, item, attempt);
      return;
    }
    if (status < 200 || status > 299) {
      this.deps.record(call, {
        kind: 'delivery',
        sequence: item.sequence,
        outcome: 'failed',
        attempt,
        detail: `HTTP ${status}`,
      });
      this.retry(call, queue, item, attempt);
      return;
    }
    this.deps.record(call, { kind: 'delivery', sequence: item.sequence, outcome: 'answered', attempt });
    if (status === 204 || text.trim() === '') this.holdForAction(call, queue);
    this.deps.onAnswer(call, item.event, item.sequence, status === 204 ? '' : text, item.copy);
    this.done(call, queue);
  }

  private retry(call: SimCall, queue: CallQueue, item: Pending, attempt: number): void {
    if (attempt >= this.attempts) {
      this.deps.record(call, { kind: 'delivery', sequence: item.sequence, outcome: 'gave_up', attempt });
      this.done(call, queue);
      return;
    }
    this.deps.clock.schedule(this.backoffMs * attempt, () => this.send(call, queue, item, attempt + 1));
  }

  private sendSocket(call: SimCall, queue: CallQueue, item: Pending): void {
    const sockets = this.deps.sockets;
    if (sockets.connections > 0 && call.random.chance(call.faults.socketDisconnect ?? 0)) {
      sockets.dropNewest();
      this.deps.record(call, { kind: 'delivery', sequence: item.sequence, outcome: 'socket_disconnected' });
    }
    const actionsBefore = queue.actions;
    const sent = sockets.send(item.body);
    this.deps.record(call, {
      kind: 'delivery',
      sequence: item.sequence,
      outcome: sent ? 'sent_socket' : 'queued_socket',
    });
    const answered = queue.actions !== actionsBefore;
    if (sent && !answered && item.event.event !== 'call_completed' && item.copy === 1)
      this.holdForAction(call, queue);
    this.done(call, queue);
  }

  /** Virtual clocks: keep time still until the customer acts on `call` or the grace passes. */
  private holdForAction(call: SimCall, queue: CallQueue): void {
    if (this.deps.clock.kind !== 'virtual' || queue.hold !== undefined || call.endedAt !== undefined) return;
    this.begin();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const release = (): void => {
      if (queue.hold !== release) return;
      queue.hold = undefined;
      if (timer !== undefined) clearTimeout(timer);
      this.end();
    };
    queue.hold = release;
    // A grace of 0 (an in-process customer that acts within the same turn of work) lasts one turn of the event loop.
    if (this.graceMs > 0) timer = setTimeout(release, this.graceMs);
    else if (typeof setImmediate === 'function') setImmediate(release);
    else timer = setTimeout(release, 0);
  }

  private post(url: string, body: string): Promise<{ status: number; text: string }> {
    const signature = signCallback(this.deps.credentials, body);
    const clock = this.deps.clock;
    const realTimeoutMs = Math.max(
      1,
      clock.kind === 'virtual' ? this.timeoutMs : this.timeoutMs / clock.speed,
    );
    const headers = { 'Content-Type': 'application/json', ...signature };
    const init: RequestInit = { method: 'POST', headers, body };
    // An AbortSignal costs more than the rest of an in-process delivery, so only real network requests get one;
    // the watchdog bounds an in-process handler that never answers.
    const controller = this.deps.network ? new AbortController() : undefined;
    if (controller) init.signal = controller.signal;
    return new Promise((resolve, reject) => {
      const entry: Watched = {
        deadline: performance.now() + realTimeoutMs,
        expire: () => {
          controller?.abort();
          reject(new DeliveryTimeout(realTimeoutMs));
        },
      };
      this.watchdog.add(entry);
      const settle = (): void => {
        this.watchdog.delete(entry);
      };
      this.postOnce(url, headers, init).then(
        (result) => {
          settle();
          resolve(result);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /** One POST: through the in-process customer's buffered handler when there is one, else through `fetch`. */
  private postOnce(
    url: string,
    headers: Record<string, string>,
    init: RequestInit,
  ): Promise<{ status: number; text: string }> {
    const customer = this.deps.customer;
    if (customer) {
      return customer
        .handle({
          method: 'POST',
          path: new URL(url).pathname,
          headers: headerReader(headers),
          body: init.body as string,
        })
        .then((answer) => ({ status: answer.status, text: answer.body ?? '' }));
    }
    return this.deps
      .fetch(new Request(url, init))
      .then((response) => response.text().then((text) => ({ status: response.status, text })));
  }

  private begin(): void {
    this.inflightCount++;
  }

  private end(): void {
    this.inflightCount--;
    if (this.inflightCount === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

function queueOf(call: SimCall): CallQueue {
  if (call.delivery === undefined) {
    call.delivery = {
      items: [],
      busy: false,
      held: undefined,
      hold: undefined,
      actions: 0,
    } satisfies CallQueue;
  }
  return call.delivery as CallQueue;
}
