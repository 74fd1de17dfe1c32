/**
 * What every part of the call runtime shares: its settings, and the one way a call's record changes — read it,
 * step the flow in memory, write it once with compare-and-set, and only then do what follows the write (abort
 * cancelled lookups, run the flow's end hook, notify, arm the call's one deadline). Also the notices, the
 * background work `idle()` waits for, and sending actions outside an answer.
 *
 * @module
 */
import { REDELIVERY, type VoiceAction } from '@ivrkit/protocol';
import { type Clock, systemClock } from '../clock.js';
import { createKeyedQueue, type KeyedQueue } from '../keyed-queue.js';
import { type CallRecord, newCallRecord } from './call-record.js';
import {
  type FlowEngine,
  type FlowInput,
  isVoiceEventInput,
  type LookupRequest,
  type StepOutput,
} from './flow-engine.js';
import { FlowRetryLater, FlowStepError, inputName } from './flow-failure.js';
import type { DeliveryRules } from './input-rules.js';
import { type Logger, redacting, silentLogger } from './logger.js';
import type { LookupLeases } from './lookup-leases.js';
import { createLookupRegistry, type LookupRegistry } from './lookup-registry.js';
import { createRecordAccess, type RecordAccess } from './record-access.js';
import { type DueOptions, disallowedReplies, nextDueAt, recordAfterStep } from './record-rules.js';
import { DEFAULT_RECOVERY, type RecoveryOptions } from './recovery-rules.js';
import type { CallRuntimeOptions, RuntimeNotice } from './runtime-types.js';
import { createLocalScheduler, type Scheduler } from './scheduler.js';

/**
 * Attempts at one input when its compare-and-set keeps failing (other deliveries, other processes, moving the call
 * on); past it the input fails and is retried by whoever brought it (TeleSign, the scheduler).
 *
 * @example
 * for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) { … }
 */
export const MAX_WRITE_ATTEMPTS = 8;

/**
 * A record as read, with the version to write it back at.
 *
 * @example
 * const before: Read = await core.read(referenceId, 1);
 */
export interface Read {
  record: CallRecord;
  version: number;
  /** Read from this process's cache (not the store): a decision to write nothing must be checked on the store. */
  cached: boolean;
}

/**
 * What an applied input changed, beyond the record: for the effects after the write.
 *
 * @example
 * const stepped: Stepped = core.step(before.record, { type: 'timer' }, Date.now());
 */
export interface Stepped {
  record: CallRecord;
  actions: VoiceAction[];
  lookups: LookupRequest[];
  cancelled: Set<string>;
  end: StepOutput['end'] | undefined;
  /** Lookup outcomes stepped into this record in memory (their leases are released once it is written). */
  settledLookups: FlowInput[];
}

/**
 * How an event came: from TeleSign (classified by the delivery model), or known new (a feed, a synthesized end).
 *
 * @example
 * const origin: EventOrigin = { known: 'new' };
 */
export interface EventOrigin {
  known?: 'new' | undefined;
  /** A `call_completed` the runtime made up for a call it gave up on. */
  synthetic?: boolean | undefined;
}

/**
 * The shared part of a call runtime (see the module's description).
 *
 * @example
 * const core = createRuntimeCore(options);
 * const before = await core.read(id, 1);
 * await core.commit(before, core.step(before.record, input, Date.now()));
 */
export interface RuntimeCore {
  readonly options: CallRuntimeOptions;
  readonly engine: FlowEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly rules: DeliveryRules;
  readonly recovery: RecoveryOptions;
  readonly lookupTimeoutMs: number;
  /** Serialises each call's inputs. */
  readonly queue: KeyedQueue;
  readonly scheduler: Scheduler;
  /** Whether the scheduler is the runtime's own (closed with it). */
  readonly ownScheduler: boolean;
  readonly leases: LookupLeases | undefined;
  readonly lookups: LookupRegistry;
  readonly records: RecordAccess;
  readonly listeners: Set<(notice: RuntimeNotice) => void>;
  /** Background work not awaited by anyone (deadlines, late lookups), for `idle()`. */
  readonly background: Set<Promise<unknown>>;
  /** `close()` was called: nothing new starts. */
  readonly closed: boolean;
  markClosed(): void;
  notify(notice: RuntimeNotice): void;
  /** Keeps `promise` for `idle()` and logs its failure: nobody else awaits it. */
  track<T>(promise: Promise<T>): Promise<T>;
  /** The call's record (the cached one on a first attempt), or a new one at version 0. */
  read(referenceId: string, attempt: number): Promise<Read>;
  /** Steps the flow with one input, in memory; throws {@link FlowStepError} when the flow throws. */
  step(record: CallRecord, input: FlowInput, now: number, fingerprint?: string): Stepped;
  /** Writes `stepped.record` over `before` (compare-and-set), then does what follows a write. `false`: conflict. */
  commit(before: Read, stepped: Stepped): Promise<boolean>;
  /** Arms the call's one deadline from its record, read or written at `version` (an older arm never wins). */
  arm(record: CallRecord, version: number): void;
  /** Sends one action; `false` (logged and notified) when it could not be sent or TeleSign refused it. */
  trySend(referenceId: string, action: VoiceAction): Promise<boolean>;
  /** Sends a step's actions in order, stopping at the first that fails; nothing once the call ended. */
  sendAll(referenceId: string, actions: VoiceAction[], record: CallRecord): Promise<void>;
}

/**
 * Creates the shared part of a runtime from its options.
 *
 * @example
 * const core = createRuntimeCore({ engine, store, send });
 */
export function createRuntimeCore(options: CallRuntimeOptions): RuntimeCore {
  const { engine, send } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? redacting(options.logger) : silentLogger;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 30_000;
  const rules: DeliveryRules = { ...REDELIVERY, ...options.redelivery };
  const recovery: RecoveryOptions = { ...DEFAULT_RECOVERY, ...options.recovery };
  const due: DueOptions = { lookupTimeoutMs, recovery, redeliveryWindowMs: rules.windowMs };
  const scheduler = options.scheduler ?? createLocalScheduler(clock);
  const records = createRecordAccess(options.store, options.recordCacheSize ?? 10_000);
  const lookups = createLookupRegistry({ engine, clock, logger });
  const leases = options.leases;
  const listeners = new Set<(notice: RuntimeNotice) => void>();
  const background = new Set<Promise<unknown>>();
  let closed = false;

  const notify = (notice: RuntimeNotice) => {
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (error) {
        logger.error({ error }, 'notice listener threw');
      }
    }
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    background.add(promise);
    promise.then(
      () => background.delete(promise),
      (error: unknown) => {
        background.delete(promise);
        // A flow failure to try again later was logged as such when it happened.
        if (!(error instanceof FlowRetryLater)) logger.error({ error }, 'background step failed');
      },
    );
    return promise;
  };

  const arm = (record: CallRecord, version: number) => {
    if (closed) return;
    track(scheduler.arm(record.reference_id, nextDueAt(record, due), version));
  };

  async function read(referenceId: string, attempt: number): Promise<Read> {
    const cached = attempt === 1 ? records.cached(referenceId) : undefined;
    const loaded = cached ?? (await records.load(referenceId));
    return {
      record: loaded?.record ?? newCallRecord(referenceId, engine.id, clock.now()),
      version: loaded?.version ?? 0,
      cached: cached !== undefined,
    };
  }

  function step(record: CallRecord, input: FlowInput, now: number, fingerprint?: string): Stepped {
    // A call that ends before its flow saw any other event (an unanswered outbound call, or a first event
    // reordered behind the end) is still stepped, so that the flow learns how the call ended and its end hook runs.
    let output: StepOutput;
    try {
      output = record.flow_done
        ? { snapshot: record.snapshot, actions: [], done: true, lookups: [] }
        : engine.step(record.snapshot ?? undefined, input, { now });
    } catch (error) {
      throw new FlowStepError(inputName(input), error);
    }
    for (const action of disallowedReplies(input, output.actions)) {
      logger.warn(
        {
          reference_id: record.reference_id,
          event: isVoiceEventInput(input) ? input.event : undefined,
          method: action.method,
        },
        'flow answered with an action TeleSign does not allow after this event',
      );
    }
    const next = recordAfterStep(record, input, output, { now, fingerprint });
    return {
      record: next.record,
      actions: [...output.actions],
      lookups: output.lookups,
      cancelled: next.cancelled,
      end: output.done && !record.flow_done ? output.end : undefined,
      settledLookups: [],
    };
  }

  async function commit(before: Read, stepped: Stepped): Promise<boolean> {
    const next = stepped.record;
    // With leases, a new pending lookup's lease is taken before the record that starts it is written: if this
    // process dies right after the write, the lease runs out and another process runs the lookup.
    const started = leases
      ? next.pending_lookups.filter((l) => !before.record.pending_lookups.some((p) => p.id === l.id))
      : [];
    if (leases) await Promise.all(started.map((lookup) => leases.acquire(next.reference_id, lookup.id)));
    const version = await records.save(next, before.version);
    if (version === undefined) {
      // Not released (a retry may start the same lookup): left to run out unless a retry takes it again.
      for (const lookup of started) leases?.abandon(next.reference_id, lookup.id);
      return false;
    }
    for (const id of stepped.cancelled) lookups.abort(next.reference_id, id, new Error('cancelled'));
    if (stepped.end && engine.onEnd) {
      const { end } = stepped;
      const onEnd = engine.onEnd;
      track(
        Promise.resolve()
          .then(() => onEnd(end))
          .catch((error: unknown) =>
            logger.error({ reference_id: next.reference_id, error }, 'flow onEnd failed'),
          ),
      );
    }
    if (next.ended && !before.record.ended) notify({ type: 'call.ended', summary: next.summary });
    arm(next, version);
    return true;
  }

  async function trySend(referenceId: string, action: VoiceAction): Promise<boolean> {
    try {
      await send(referenceId, action);
      logger.info({ reference_id: referenceId, method: action.method }, 'action sent');
      return true;
    } catch (error) {
      logger.error({ reference_id: referenceId, method: action.method, error }, 'action could not be sent');
      notify({ type: 'send.failed', reference_id: referenceId, action, error });
      return false;
    }
  }

  async function sendAll(referenceId: string, actions: VoiceAction[], record: CallRecord): Promise<void> {
    if (actions.length === 0) return;
    if (record.ended) {
      logger.info({ reference_id: referenceId }, 'call ended before its action could be sent');
      return;
    }
    notify({ type: 'actions', reference_id: referenceId, actions, via: 'send' });
    for (const action of actions) {
      if (!(await trySend(referenceId, action))) return;
    }
  }

  return {
    options,
    engine,
    clock,
    logger,
    rules,
    recovery,
    lookupTimeoutMs,
    queue: createKeyedQueue(),
    scheduler,
    ownScheduler: options.scheduler === undefined,
    leases,
    lookups,
    records,
    listeners,
    background,
    get closed() {
      return closed;
    },
    markClosed() {
      closed = true;
    },
    notify,
    track,
    read,
    step,
    commit,
    arm,
    trySend,
    sendAll,
  };
}

/**
 * A record changed without stepping the flow (a redelivery counted, a recovery step), as {@link Stepped}.
 *
 * @example
 * await core.commit(before, unstepped(next, [hangup]));
 */
export function unstepped(record: CallRecord, actions: VoiceAction[]): Stepped {
  return { record, actions, lookups: [], cancelled: new Set(), end: undefined, settledLookups: [] };
}
