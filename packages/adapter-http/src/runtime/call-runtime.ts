/**
 * The transport-independent heart of the adapter: applies one call's inputs (events, lookup outcomes, deadlines)
 * one at a time and in order, with the call's state in the {@link Store} — so any number of transports (event
 * URL, WebSocket, polling) can feed it, and a restart loses nothing.
 *
 * Per input: read the record → classify it (the delivery model, `input-rules.ts`) → step the flow (pure), and run
 * its lookups within the answer budget in memory → write the record once, with compare-and-set → only then perform
 * effects (answer, send, arm the call's deadline). One write per applied input means no crash point between two
 * writes of one input. Deadlines go through a {@link Scheduler}; when one comes due the runtime re-derives from the
 * record what it means: a flow timer, a lookup's timeout, or a lost event to recover (`recovery-rules.ts`).
 *
 * @module
 */
import {
  FLOW_FAILURE,
  REDELIVERY,
  UNCONFIRMED_END_STATUS,
  type VoiceAction,
  type VoiceEvent,
} from '@ivrkit/protocol';
import { systemClock } from '../clock.js';
import { createKeyedQueue } from '../keyed-queue.js';
import type { Json } from '../store/store.js';
import {
  ANYTIME_EVENTS,
  type CallRecord,
  callKey,
  eventFingerprint,
  newCallRecord,
  rememberReply,
} from './call-record.js';
import { type FlowInput, isVoiceEventInput, type LookupRequest, type StepOutput } from './flow-engine.js';
import {
  closingStep,
  FlowRetryLater,
  FlowStepError,
  failedEnd,
  inputName,
  mayRetry,
  recordGivenUp,
} from './flow-failure.js';
import { classifyEvent, type DeliveryRules, type EventVerdict, staleReason } from './input-rules.js';
import { redacting, silentLogger } from './logger.js';
import { createLookupRegistry } from './lookup-registry.js';
import { createLostEventRecovery } from './lost-event-recovery.js';
import { createRecordAccess } from './record-access.js';
import {
  type DueOptions,
  disallowedReplies,
  nextDueAt,
  overdueLookups,
  recordAfterStep,
} from './record-rules.js';
import {
  DEFAULT_RECOVERY,
  type RecoveryOptions,
  recordAfterRecoveryStep,
  watchdogAt,
} from './recovery-rules.js';
import type {
  CallRuntime,
  CallRuntimeOptions,
  Delivery,
  EventRecovery,
  RepeatResolver,
  RuntimeNotice,
  SendAction,
} from './runtime-types.js';
import { createLocalScheduler } from './scheduler.js';

export type {
  CallRuntime,
  CallRuntimeOptions,
  Delivery,
  EventRecovery,
  RepeatResolver,
  RuntimeNotice,
  SendAction,
};

const HANGUP: VoiceAction = { method: 'hangup', params: {} };
const MAX_ATTEMPTS = 8;

/** A record as read, with the version to write it back at. */
export interface Read {
  record: CallRecord;
  version: number;
  cached: boolean;
}

/** What an applied input changed, beyond the record: for the effects after the write. */
interface Stepped {
  record: CallRecord;
  actions: VoiceAction[];
  lookups: LookupRequest[];
  cancelled: Set<string>;
  end: StepOutput['end'] | undefined;
  /** Lookup outcomes stepped into this record in memory (their leases are released once it is written). */
  settledLookups: FlowInput[];
}

/** How an event came: from TeleSign (classified by the delivery model), or known new (a feed, a synthesized end). */
export interface EventOrigin {
  known?: 'new' | undefined;
  /** A `call_completed` the runtime made up for a call it gave up on. */
  synthetic?: boolean | undefined;
}

/**
 * Creates a {@link CallRuntime}.
 *
 * @example
 * const runtime = createCallRuntime({ engine, store: createMemoryStore(), send: (id, a) => client.sendAction(id, a).then(() => {}) });
 * const { actions } = await runtime.deliver(event);
 */
export function createCallRuntime(options: CallRuntimeOptions): CallRuntime {
  const { engine, store, send } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? redacting(options.logger) : silentLogger;
  const budgetMs = options.answerBudgetMs ?? 1_500;
  const budgetClock = options.budgetClock ?? clock;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 30_000;
  const rules: DeliveryRules = { ...REDELIVERY, ...options.redelivery };
  const recovery: RecoveryOptions = { ...DEFAULT_RECOVERY, ...options.recovery };
  const due: DueOptions = { lookupTimeoutMs, recovery, redeliveryWindowMs: rules.windowMs };
  const queue = createKeyedQueue();
  const ownScheduler = options.scheduler === undefined;
  const scheduler = options.scheduler ?? createLocalScheduler(clock);
  const lookups = createLookupRegistry({ engine, clock, logger });
  const leases = options.leases;
  const background = new Set<Promise<unknown>>();
  const listeners = new Set<(notice: RuntimeNotice) => void>();
  let closed = false;
  const records = createRecordAccess(store, options.recordCacheSize ?? 10_000);

  const notify = (notice: RuntimeNotice) => {
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (error) {
        logger.error({ error }, 'notice listener threw');
      }
    }
  };
  /** Keeps background work (deadlines, late lookups) for `idle()`, and logs its failures: nobody else awaits it. */
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

  /** The call's record (the cached one on a first attempt), or a new one at version 0. */
  async function read(referenceId: string, attempt: number): Promise<Read> {
    const cached = attempt === 1 ? records.cached(referenceId) : undefined;
    const loaded = cached ?? (await records.load(referenceId));
    return {
      record: loaded?.record ?? newCallRecord(referenceId, engine.id, clock.now()),
      version: loaded?.version ?? 0,
      cached: cached !== undefined,
    };
  }

  /** Steps the flow with one input, in memory. A finished flow is not stepped again (later events only complete the record). */
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

  /** Writes `stepped.record` over `before` (compare-and-set), then does what follows a write. `false`: conflict. */
  async function commit(before: Read, stepped: Stepped): Promise<boolean> {
    const next = stepped.record;
    // With leases, a new pending lookup's lease is taken before the record that starts it is written: if this
    // process dies right after the write, the lease runs out and another process runs the lookup.
    const started = leases
      ? next.pending_lookups.filter((l) => !before.record.pending_lookups.some((p) => p.id === l.id))
      : [];
    if (leases) await Promise.all(started.map((lookup) => leases.acquire(next.reference_id, lookup.id)));
    if (!(await records.save(next, before.version))) {
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
    arm(next);
    return true;
  }

  /** Arms the call's one deadline from its record. */
  function arm(record: CallRecord): void {
    if (closed) return;
    track(scheduler.arm(record.reference_id, nextDueAt(record, due)));
  }

  async function verdictOf(
    record: CallRecord,
    event: VoiceEvent,
    fingerprint: string,
    now: number,
    origin: EventOrigin,
  ): Promise<EventVerdict> {
    let known: 'new' | 'duplicate' | undefined = origin.known;
    const seen = record.replies.find((entry) => entry.fingerprint === fingerprint);
    if (known === undefined && options.resolveRepeat && !record.ended && seen && seen.count > 0) {
      try {
        known = await options.resolveRepeat(record.reference_id, event, fingerprint, seen.count);
      } catch (error) {
        logger.warn(
          {
            reference_id: record.reference_id,
            error,
          },
          'repeat resolver failed; using the delivery rules',
        );
      }
    }
    return classifyEvent(record, event, fingerprint, now, rules, known);
  }

  /** Applies (or answers again, or refuses) one event, and resolves with the answer. */
  async function applyEvent(event: VoiceEvent, origin: EventOrigin = {}): Promise<Delivery> {
    const referenceId = event.reference_id;
    const started = clock.now();
    const budgetEnd = budgetClock.now() + budgetMs;
    const fingerprint = eventFingerprint(event);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = clock.now();
      const before = await read(referenceId, attempt);
      const { record } = before;
      const verdict = await verdictOf(record, event, fingerprint, now, origin);
      if (verdict !== 'apply' && before.cached) {
        // A refusal writes nothing, so no compare-and-set would catch a stale cache: decide on the store's copy.
        records.forget(referenceId);
        continue;
      }
      // A repeat can mean the process that applied the event died before arming the call's deadline: arm it again
      // from the stored record (the same deadline again changes nothing).
      if (verdict === 'stale') {
        if (before.version !== 0) arm(record);
        return settled(event, 'stale', []);
      }
      if (verdict === 'redelivery') {
        const answered = await answerAgain(before, fingerprint);
        if (answered === undefined) continue;
        arm(record);
        return settled(event, 'duplicate', answered);
      }
      if (record.recovery === 'closing' && !ANYTIME_EVENTS.has(event.event)) {
        // The closing prompt of a call given up on ended: hang up (the flow is not stepped with it).
        const next = recordAfterRecoveryStep(record, { kind: 'hangup', action: HANGUP }, now);
        next.replies = rememberReply(record.replies, fingerprint, [HANGUP], now);
        next.last_fingerprint = fingerprint;
        if (!(await commit(before, unstepped(next, [HANGUP])))) continue;
        return settled(event, 'applied', [HANGUP]);
      }
      let stepped: Stepped;
      let running: Awaited<ReturnType<typeof settleInline>>;
      try {
        stepped = step(record, event, now, fingerprint);
        if (origin.synthetic) {
          stepped.record.summary = {
            ...stepped.record.summary,
            call_status: UNCONFIRMED_END_STATUS,
            duration: null,
          };
        }
        running = await settleInline(referenceId, stepped, budgetEnd);
      } catch (error) {
        if (!(error instanceof FlowStepError)) throw error;
        const answer = await giveUpAnswering(before, event, fingerprint, now, error);
        if (answer === undefined) continue;
        return settled(event, 'applied', answer);
      }
      const deferred = running !== undefined;
      // Remember the full answer (or none, when deferred) for redeliveries of this event: in the same write.
      stepped.record.replies = rememberReply(
        record.replies,
        fingerprint,
        deferred ? [] : stepped.actions,
        now,
      );
      if (!(await commit(before, stepped))) {
        logger.debug({ reference_id: referenceId, attempt }, 'store write conflict, retrying the event');
        continue;
      }
      if (running) continueWith(referenceId, running);
      for (const input of stepped.settledLookups) releaseLease(referenceId, input);
      logger.info(
        {
          reference_id: referenceId,
          event: event.event,
          outcome: deferred ? 'deferred' : 'applied',
          actions: stepped.actions.map((a) => a.method),
          ms: clock.now() - started,
        },
        'event applied',
      );
      return settled(event, deferred ? 'deferred' : 'applied', stepped.actions);
    }
    throw new Error(
      `call ${referenceId}: the store kept changing under ${MAX_ATTEMPTS} attempts to apply an event`,
    );
  }

  /**
   * The flow threw on an event (or on a lookup's outcome inside its answer): the call is given up at once, its
   * answer the closing prompt (or `hangup`). `undefined`: write conflict.
   */
  async function giveUpAnswering(
    before: Read,
    event: VoiceEvent,
    fingerprint: string,
    now: number,
    failure: FlowStepError,
  ): Promise<VoiceAction[] | undefined> {
    const { record: given, cancelled } = recordGivenUp(before.record, event, now, fingerprint);
    const closing = closingStep(given, recovery, event);
    const record = closing ? recordAfterRecoveryStep(given, closing, now) : given;
    const actions = closing ? [closing.action] : [];
    record.replies = rememberReply(before.record.replies, fingerprint, actions, now);
    const stepped: Stepped = { ...unstepped(record, actions), cancelled, end: failedEnd(failure) };
    if (!(await commit(before, stepped))) return undefined;
    logger.error(
      { reference_id: record.reference_id, input: failure.input, error: failure.cause },
      'the flow threw: ending the call',
    );
    return actions;
  }

  /**
   * The flow threw on an input no event awaits. Counted in the record; tried again later (`FlowRetryLater`: the
   * scheduler, or the lookup's timeout, brings it back) until `FLOW_FAILURE.attempts`, then the call is given up:
   * the closing prompt (or `hangup`) is sent. `false`: write conflict.
   */
  async function failLater(
    before: Read,
    input: FlowInput,
    now: number,
    failure: FlowStepError,
  ): Promise<boolean> {
    const referenceId = before.record.reference_id;
    const failures = (before.record.flow_failures ?? 0) + 1;
    if (mayRetry(failures, FLOW_FAILURE.attempts)) {
      // Not armed: the deadline that brought the input is retried by the scheduler itself, spaced out.
      if (!(await records.save({ ...before.record, flow_failures: failures }, before.version))) return false;
      logger.warn(
        { reference_id: referenceId, input: failure.input, attempt: failures, error: failure.cause },
        'the flow threw; trying again later',
      );
      throw new FlowRetryLater(failure);
    }
    const { record: given, cancelled } = recordGivenUp(before.record, input, now);
    given.flow_failures = failures;
    const closing = closingStep(given, recovery);
    const record = closing ? recordAfterRecoveryStep(given, closing, now) : given;
    const actions = closing ? [closing.action] : [];
    if (!(await commit(before, { ...unstepped(record, actions), cancelled, end: failedEnd(failure) }))) {
      return false;
    }
    releaseLease(referenceId, input);
    logger.error(
      { reference_id: referenceId, input: failure.input, attempts: failures, error: failure.cause },
      'the flow threw on every attempt: ending the call',
    );
    if (closing) {
      notify({ type: 'actions', reference_id: referenceId, actions, via: 'send' });
      // Refused (a prompt still plays, say): the fallback's next step, hangup.
      if (!(await trySend(referenceId, closing.action))) await lostEvents.fallBack(referenceId);
    }
    return true;
  }

  /** Counts one more answer to a redelivery (the bound of the delivery model). `undefined`: write conflict. */
  async function answerAgain(before: Read, fingerprint: string): Promise<VoiceAction[] | undefined> {
    const { record } = before;
    const entry = record.replies.find((e) => e.fingerprint === fingerprint);
    const next: CallRecord = {
      ...record,
      replies: record.replies.map((e) =>
        e.fingerprint === fingerprint ? { ...e, reanswered: (e.reanswered ?? 0) + 1 } : e,
      ),
    };
    if (!(await records.save(next, before.version))) return undefined;
    return entry?.actions ?? [];
  }

  function settled(event: VoiceEvent, outcome: Delivery['outcome'], actions: VoiceAction[]): Delivery {
    const referenceId = event.reference_id;
    if (outcome === 'duplicate' || outcome === 'stale') {
      logger.info(
        {
          reference_id: referenceId,
          event: event.event,
        },
        outcome === 'duplicate' ? 'redelivered event answered as before' : 'stale event refused',
      );
    }
    notify({ type: 'event', reference_id: referenceId, event: event.event, outcome });
    if (actions.length > 0 && outcome !== 'stale') {
      notify({ type: 'actions', reference_id: referenceId, actions, via: 'answer' });
    }
    return { outcome, actions };
  }

  /**
   * Runs the step's lookups within the answer budget, stepping each outcome into the same record in memory (one
   * write for the whole answer). When the budget runs out first: the lookups still running, to continue with after
   * the write.
   */
  async function settleInline(
    referenceId: string,
    stepped: Stepped,
    budgetEnd: number,
  ): Promise<Array<{ id: string; outcome: Promise<FlowInput> }> | undefined> {
    let pending = stepped.lookups;
    while (pending.length > 0) {
      const running = pending.map((request) => ({
        id: request.id,
        outcome: startLookup(referenceId, request),
      }));
      const outcomes = await withinBudget(
        Promise.all(running.map((r) => r.outcome)),
        budgetEnd - budgetClock.now(),
      );
      // Closing aborted the lookups: that is no outcome to step in. The record keeps them pending.
      if (closed) return [];
      if (!outcomes) return running;
      const next: LookupRequest[] = [];
      for (const input of outcomes) {
        const now = clock.now();
        stepped.settledLookups.push(input);
        if (staleReason(stepped.record, input, now)) continue;
        const more = step(stepped.record, input, now);
        stepped.record = more.record;
        stepped.actions.push(...more.actions);
        for (const id of more.cancelled) stepped.cancelled.add(id);
        stepped.end ??= more.end;
        next.push(...more.lookups);
      }
      pending = next;
    }
    return undefined;
  }

  function withinBudget<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
    if (ms <= 0) return Promise.race([promise, Promise.resolve(undefined)]);
    return new Promise((resolve) => {
      const timer = budgetClock.setTimeout(() => resolve(undefined), ms);
      promise.then(
        (value) => {
          budgetClock.clearTimeout(timer);
          resolve(value);
        },
        () => {
          budgetClock.clearTimeout(timer);
          resolve(undefined);
        },
      );
    });
  }

  /** Starts a lookup here, holding its lease (several processes: the lease says it runs, and where). */
  const startLookup = (referenceId: string, request: LookupRequest) => {
    if (leases && !lookups.isRunning(referenceId, request.id)) track(leases.acquire(referenceId, request.id));
    return lookups.start(referenceId, request);
  };
  /** A lookup's outcome was stepped (applied, or skipped as settled already): its lease is no longer needed. */
  const releaseLease = (referenceId: string, input: FlowInput) => {
    if (
      leases &&
      !isVoiceEventInput(input) &&
      (input.type === 'lookup.done' || input.type === 'lookup.failed')
    ) {
      track(leases.release(referenceId, input.id));
    }
  };

  /** A lookup whose process stopped renewing its lease: run it here, if the call still waits for it. */
  async function takeOverLookup(referenceId: string, lookupId: string): Promise<void> {
    const { record, version } = await read(referenceId, 2);
    const pending =
      record.ended || version === 0
        ? undefined
        : record.pending_lookups.find((lookup) => lookup.id === lookupId);
    if (!pending) {
      await leases?.release(referenceId, lookupId);
      // Its outcome was written, but its process may have died before arming what the record says next.
      if (version !== 0) arm(record);
      return;
    }
    if (lookups.isRunning(referenceId, lookupId)) return;
    logger.info(
      { reference_id: referenceId, lookup: pending.name },
      'running again a lookup whose process stopped',
    );
    continueLater(referenceId, [pending]);
  }

  /** Lookups that finish after the answer: step each in when it settles, and send the actions. */
  function continueLater(referenceId: string, requests: readonly LookupRequest[]): void {
    continueWith(
      referenceId,
      requests.map((request) => ({ id: request.id, outcome: startLookup(referenceId, request) })),
    );
  }

  function continueWith(
    referenceId: string,
    running: ReadonlyArray<{ id: string; outcome: Promise<FlowInput> }>,
  ): void {
    for (const { id, outcome } of running) {
      track(
        outcome
          .then((input) => {
            if (closed) return;
            return queue.run(referenceId, () => applyLater(referenceId, input));
          })
          .catch((error: unknown) => {
            // Not stepped in: let the lease run out, so that a process (this one too) runs the lookup again.
            leases?.abandon(referenceId, id);
            throw error;
          }),
      );
    }
  }

  /** Applies an input that no event is waiting on (a lookup outcome, a timer), then sends its actions. */
  async function applyLater(referenceId: string, input: FlowInput): Promise<void> {
    if (closed) return;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = clock.now();
      const before = await read(referenceId, attempt);
      if (staleReason(before.record, input, now)) {
        if (before.cached) {
          records.forget(referenceId);
          continue;
        }
        releaseLease(referenceId, input);
        logger.debug(
          {
            reference_id: referenceId,
            input: inputName(input),
            reason: 'stale',
          },
          'input skipped',
        );
        return;
      }
      let stepped: Stepped;
      try {
        stepped = step(before.record, input, now);
      } catch (error) {
        if (!(error instanceof FlowStepError)) throw error;
        if (await failLater(before, input, now, error)) return;
        continue;
      }
      if (!(await commit(before, stepped))) continue;
      releaseLease(referenceId, input);
      continueLater(referenceId, stepped.lookups);
      await sendAll(referenceId, stepped.actions, stepped.record);
      return;
    }
    throw new Error(
      `call ${referenceId}: the store kept changing under ${MAX_ATTEMPTS} attempts to apply an input`,
    );
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

  /** Sends one action; `false` (logged and notified) when it could not be sent or TeleSign refused it. */
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

  /**
   * A call's deadline came due: re-derive from its stored record what that means — lookups past their timeout are
   * aborted (or, when they do not run in this process, stepped in as failed), a passed flow timer is stepped, an
   * awaited event that is overdue is recovered.
   */
  async function handleDue(referenceId: string): Promise<void> {
    if (closed) return;
    const { record, version } = await read(referenceId, 2);
    if (record.ended || version === 0) return;
    const now = clock.now();
    for (const id of overdueLookups(record, now, lookupTimeoutMs)) {
      const name = record.pending_lookups.find((l) => l.id === id)?.name ?? id;
      const reason = new Error(`lookup ${name} took over ${lookupTimeoutMs} ms`);
      if (lookups.isRunning(referenceId, id)) lookups.abort(referenceId, id, reason);
      else await applyLater(referenceId, { type: 'lookup.failed', id, error: reason.message });
    }
    if (record.deadline !== null && record.deadline <= now) {
      await applyLater(referenceId, { type: 'timer' });
      return;
    }
    const lostAt = watchdogAt(record, recovery, rules.windowMs);
    if (lostAt !== undefined && lostAt <= now) {
      await recover(referenceId, record);
      return;
    }
    // Nothing more due now (a lookup aborted above steps itself in): arm what the record says next.
    arm((await read(referenceId, 2)).record);
  }

  const lostEvents = createLostEventRecovery({
    read: (referenceId) => read(referenceId, 2),
    write: (before, record) => commit(before, unstepped(record, [])),
    applyEvent,
    sendAll,
    trySend,
    notify,
    logger,
    clock,
    recovery,
    recoverEvents: options.recoverEvents,
  });
  const recover = lostEvents.recover;

  scheduler.start((referenceId) => {
    // Rejected, not dropped: a shared scheduler hands the deadline to another process (or to this one's next run).
    if (closed) return Promise.reject(new Error('the call runtime is closed'));
    return track(queue.run(referenceId, () => handleDue(referenceId)));
  });
  leases?.start((referenceId, lookupId) =>
    closed
      ? Promise.reject(new Error('the call runtime is closed'))
      : track(queue.run(referenceId, () => takeOverLookup(referenceId, lookupId))),
  );

  return {
    deliver(event) {
      if (closed) return Promise.reject(new Error('the call runtime is closed'));
      return queue.run(event.reference_id, () => applyEvent(event));
    },
    register(referenceId, registerOptions = {}) {
      return queue.run(referenceId, async () => {
        const loaded = await store.get<Json>(callKey(referenceId));
        if (loaded) return;
        const now = clock.now();
        const record = newCallRecord(referenceId, engine.id, now);
        record.awaiting = ['dial_completed'];
        if (registerOptions.dial) record.awaited = { action: registerOptions.dial, at: now, resent: 0 };
        record.summary.direction = 'outbound';
        record.summary.tags = { ...registerOptions.tags };
        if (await store.compareAndSet(callKey(referenceId), record as unknown as Json, 0).then((r) => r.ok)) {
          arm(record);
        }
      });
    },
    async get(referenceId) {
      return (await store.get<Json>(callKey(referenceId)))?.value as unknown as CallRecord | undefined;
    },
    async resume() {
      let calls = 0;
      let lookupCount = 0;
      let timerCount = 0;
      for (const key of await records.keys()) {
        const record = (await store.get<Json>(key))?.value as unknown as CallRecord | undefined;
        if (!record || record.ended) continue;
        calls++;
        if (record.deadline !== null) timerCount++;
        arm(record);
        // With leases, a pending lookup may be running on another live process: the leases say when it is not.
        if (record.pending_lookups.length > 0 && !leases) {
          lookupCount += record.pending_lookups.length;
          logger.info(
            {
              reference_id: record.reference_id,
              lookups: record.pending_lookups.map((l) => l.name),
            },
            'resuming pending lookups',
          );
          continueLater(record.reference_id, record.pending_lookups);
        }
      }
      return { calls, lookups: lookupCount, timers: timerCount };
    },
    async idle() {
      for (;;) {
        await queue.idle();
        if (background.size === 0) {
          await queue.idle();
          if (background.size === 0) return;
        }
        await Promise.allSettled([...background]);
      }
    },
    async close() {
      closed = true;
      if (ownScheduler) await scheduler.close();
      lookups.abortAll(new Error('runtime closed'));
      await queue.idle();
      records.clear();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A record changed without stepping the flow (a redelivery counted, a recovery step), as {@link Stepped}. */
function unstepped(record: CallRecord, actions: VoiceAction[]): Stepped {
  return { record, actions, lookups: [], cancelled: new Set(), end: undefined, settledLookups: [] };
}
