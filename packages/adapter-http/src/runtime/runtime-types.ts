/**
 * The types of the call runtime: its options, its answer to an event, its notices, and the runtime itself.
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import type { CallRecord, CallSummary } from './call-record.js';
import type { FlowEngine } from './flow-engine.js';
import type { DeliveryRules } from './input-rules.js';
import type { Logger } from './logger.js';
import type { LookupLeases } from './lookup-leases.js';
import type { RecoveryOptions } from './recovery-rules.js';
import type { Scheduler } from './scheduler.js';

/**
 * Sends an action for a live call outside an event's answer (the Customer Action API, or a socket).
 *
 * @example
 * const send: SendAction = async (referenceId, action) => { await client.sendAction(referenceId, action); };
 */
export type SendAction = (referenceId: string, action: VoiceAction) => Promise<void>;

/**
 * Options of {@link createCallRuntime}.
 *
 * @example
 * const options: CallRuntimeOptions = { engine: engineFromFlow(flow), store, send, answerBudgetMs: 800 };
 */
export interface CallRuntimeOptions {
  engine: FlowEngine;
  store: Store;
  /** How actions travel when there is no event to answer (a slow lookup, a timer). */
  send: SendAction;
  clock?: Clock;
  logger?: Logger;
  /**
   * How long an event's answer may wait for the flow's lookups before the runtime answers with no action and
   * sends the action later through `send`. The caller hears silence meanwhile. Milliseconds; default 1,500.
   */
  answerBudgetMs?: number;
  /**
   * The clock the answer budget is measured on. Default `clock`. A simulation on virtual time passes the real
   * clock here: virtual time stands still while an event waits for its answer.
   */
  budgetClock?: Clock;
  /** A lookup running longer than this is aborted and stepped in as `lookup.failed`. Default 30,000 ms. */
  lookupTimeoutMs?: number;
  /**
   * Settles exactly whether an event whose content was applied before is a new event or a redelivery (two prompts
   * in a row can end with byte-identical events), where the account offers a way (`callQueryRepeatResolver(client)`:
   * the `[ours]` Call Query API). Without it — or when it answers `undefined` — the delivery model's rules decide
   * (ARCHITECTURE.md, "Delivery model").
   */
  resolveRepeat?: RepeatResolver;
  /** The delivery model's bounds. Defaults: `REDELIVERY` (`@ivrkit/protocol`). */
  redelivery?: Partial<DeliveryRules>;
  /**
   * Finds the events a call missed, where the account offers a way (`callQueryRecovery(client)`: the `[ours]` Call
   * Query API's feed); `undefined` when it cannot tell. Asked when a call has waited for its awaited event longer
   * than the action can take; without an answer, the fallback of {@link CallRuntimeOptions.recovery} runs.
   */
  recoverEvents?: EventRecovery;
  /** Lost-event bounds and fallback. Defaults: `LOST_EVENT_RECOVERY` (`@ivrkit/protocol`). */
  recovery?: Partial<RecoveryOptions>;
  /**
   * Where the calls' deadlines are kept and from where they come due (flow timers, lookup timeouts). Default: an
   * in-process {@link Scheduler} on `clock`, closed with the runtime; one passed here is the caller's to close. A
   * shared one (a Redis scheduler) lets any process of a cluster handle any call's deadline.
   */
  scheduler?: Scheduler;
  /**
   * Leases on pending lookups, for several processes over one store: a lookup whose process dies is taken over and
   * run again by another once its lease runs out (lookups must be safe to repeat). With leases, `resume()` leaves
   * pending lookups to them. Default: none (one process; a restart's `resume()` runs pending lookups again). The
   * caller's to close.
   */
  leases?: LookupLeases;
  /**
   * How many live calls' records this process keeps after writing them, so that the next input of a call starts
   * without a store read. Writes stay compare-and-set, so a shared store stays correct. Default 10,000; `0` off.
   */
  recordCacheSize?: number;
}

/**
 * Given an event whose content was applied `applied` times already, answers whether this delivery is a new event.
 *
 * @example
 * const resolveRepeat: RepeatResolver = async () => undefined; // always use the time window
 */
export type RepeatResolver = (
  referenceId: string,
  event: VoiceEvent,
  fingerprint: string,
  applied: number,
) => Promise<'new' | 'duplicate' | undefined>;

/**
 * Given a call whose awaited event seems lost, answers the events it missed, in order (`[]`: none), or `undefined`
 * when it cannot tell.
 *
 * @example
 * const recoverEvents: EventRecovery = async () => undefined; // always fall back
 */
export type EventRecovery = (referenceId: string, record: CallRecord) => Promise<VoiceEvent[] | undefined>;

/**
 * What became of a delivered event.
 *
 * @example
 * const { outcome, actions }: Delivery = await runtime.deliver(event);
 */
export interface Delivery {
  /**
   * `applied`: stepped; `duplicate`: a redelivery of the last applied event, answered as before; `stale`: refused
   * (out of turn, after the end, or a copy past the redelivery bounds), not applied; `deferred`: stepped, and its
   * action will be sent later (a slow lookup).
   */
  outcome: 'applied' | 'duplicate' | 'stale' | 'deferred';
  /** The actions answering the event (empty when none). */
  actions: VoiceAction[];
}

/**
 * Notifications of the runtime, for progress, metrics and tests.
 *
 * @example
 * app.subscribe((notice: RuntimeNotice) => { if (notice.type === 'call.ended') metrics.record(notice.summary); });
 */
export type RuntimeNotice =
  | { type: 'event'; reference_id: string; event: string; outcome: Delivery['outcome'] }
  | { type: 'actions'; reference_id: string; actions: VoiceAction[]; via: 'answer' | 'send' }
  | { type: 'send.failed'; reference_id: string; action: VoiceAction; error: unknown }
  | { type: 'call.ended'; summary: CallSummary }
  /** A call's awaited event seemed lost: recovered from the `feed`, or a fallback step was taken. */
  | { type: 'recovery'; reference_id: string; step: 'feed' | 'resend' | 'closing' | 'hangup' | 'end' };

/**
 * The runtime.
 *
 * @example
 * const runtime: CallRuntime = createCallRuntime(options);
 * await runtime.resume();
 */
export interface CallRuntime {
  /** Applies an event (serialised per call) and resolves with the answer. */
  deliver(event: VoiceEvent): Promise<Delivery>;
  /**
   * Records a call before its first event — an outbound call just dialled — with tags for reports, and the `dial`
   * action whose `dial_completed` it awaits (bounds the wait for it: its ring limit).
   */
  register(
    referenceId: string,
    options?: { tags?: Record<string, string>; dial?: VoiceAction },
  ): Promise<void>;
  /** Reads a call's record. */
  get(referenceId: string): Promise<CallRecord | undefined>;
  /** After a restart: re-arms the timers and re-runs the pending lookups of every live call in the store. */
  resume(): Promise<{ calls: number; lookups: number; timers: number }>;
  /** Resolves when nothing is queued, running or being sent. */
  idle(): Promise<void>;
  /** Cancels timers and aborts lookups (their state stays in the store for `resume`). */
  close(): Promise<void>;
  /** Listens to notices; returns the unsubscribe function. */
  subscribe(listener: (notice: RuntimeNotice) => void): () => void;
}
