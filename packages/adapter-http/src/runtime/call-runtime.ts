/**
 * The transport-independent heart of the adapter: applies one call's inputs (events, lookup outcomes, timers)
 * one at a time and in order, exactly once, with the call's state in the {@link Store} — so any number of
 * transports (event URL, WebSocket, polling) can feed it, and a restart loses nothing.
 *
 * Per input: load the record → skip duplicates and stale events → step the flow (pure) → write the record with
 * compare-and-set → only then perform effects (answer, start lookups, arm the call's deadline). The record rules
 * are pure (`record-rules.ts`, `input-rules.ts`); deadlines go through a {@link Scheduler}, and when one comes due
 * the runtime re-derives from the stored record what it means (a flow timer, a lookup's timeout).
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import { systemClock } from '../clock.js';
import { createKeyedQueue } from '../keyed-queue.js';
import type { Json } from '../store/store.js';
import { type CallRecord, callKey, eventFingerprint, newCallRecord, rememberReply } from './call-record.js';
import { type FlowInput, isVoiceEventInput, type LookupRequest, type StepOutput } from './flow-engine.js';
import { staleReason, withinDuplicateWindow } from './input-rules.js';
import { redacting, silentLogger } from './logger.js';
import { createLookupRegistry } from './lookup-registry.js';
import { createRecordAccess } from './record-access.js';
import { disallowedReplies, nextDueAt, overdueLookups, recordAfterStep } from './record-rules.js';
import type {
  CallRuntime,
  CallRuntimeOptions,
  Delivery,
  RepeatResolver,
  RuntimeNotice,
  SendAction,
} from './runtime-types.js';
import { createLocalScheduler } from './scheduler.js';

export type { CallRuntime, CallRuntimeOptions, Delivery, RepeatResolver, RuntimeNotice, SendAction };

interface Step {
  record: CallRecord;
  actions: VoiceAction[];
  lookups: LookupRequest[];
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
  const duplicateWindowMs = options.duplicateWindowMs ?? 2_000;
  const queue = createKeyedQueue();
  const ownScheduler = options.scheduler === undefined;
  const scheduler = options.scheduler ?? createLocalScheduler(clock);
  const lookups = createLookupRegistry({ engine, clock, logger });
  const leases = options.leases;
  const background = new Set<Promise<unknown>>();
  const listeners = new Set<(notice: RuntimeNotice) => void>();
  let closed = false;
  const records = createRecordAccess(store, options.recordCacheSize ?? 10_000);
  const { load, save } = records;

  const notify = (notice: RuntimeNotice) => {
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (error) {
        logger.error({ error }, 'notice listener threw');
      }
    }
  };
  /** Keeps background work (timers, late lookups) for `idle()`, and logs its failures: nobody else awaits it. */
  const track = <T>(promise: Promise<T>): Promise<T> => {
    background.add(promise);
    promise.then(
      () => background.delete(promise),
      (error: unknown) => {
        background.delete(promise);
        logger.error({ error }, 'background step failed');
      },
    );
    return promise;
  };

  /** Loads, checks, steps and persists one input. `undefined`: not applied (with why). */
  async function stepInput(
    referenceId: string,
    input: FlowInput,
    fingerprint?: string,
  ): Promise<Step | { skipped: 'duplicate' | 'stale'; actions: VoiceAction[] }> {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const now = clock.now();
      const cached = attempt === 1 ? records.cached(referenceId) : undefined;
      const loaded = cached ?? (await load(referenceId));
      const record = loaded?.record ?? newCallRecord(referenceId, engine.id, now);
      const reason = await skipReason(record, input, fingerprint, now);
      if (reason && cached) {
        // Nothing is written on a skip, so no compare-and-set would catch a stale cache: decide on the store's copy.
        records.forget(referenceId);
        continue;
      }
      if (reason) {
        const previous = fingerprint
          ? record.replies.find((entry) => entry.fingerprint === fingerprint)?.actions
          : undefined;
        return { skipped: reason, actions: reason === 'duplicate' ? (previous ?? []) : [] };
      }
      // A finished flow is not stepped again: later events only complete the record. A call that ends before its
      // flow saw any other event (an unanswered outbound call, or a first event reordered behind the end) is still
      // stepped, so that the flow learns how the call ended and its end hook runs.
      const output: StepOutput = record.flow_done
        ? { snapshot: record.snapshot, actions: [], done: true, lookups: [] }
        : engine.step(record.snapshot ?? undefined, input, { now });
      const { record: next, cancelled } = recordAfterStep(record, input, output, { now, fingerprint });
      for (const action of disallowedReplies(input, output.actions)) {
        logger.warn(
          {
            reference_id: referenceId,
            event: isVoiceEventInput(input) ? input.event : undefined,
            method: action.method,
          },
          'flow answered with an action TeleSign does not allow after this event',
        );
      }
      // With leases, a new lookup's lease is taken before the record that starts it is written: if this process
      // dies right after the write, the lease runs out and another process runs the lookup.
      if (leases) await Promise.all(output.lookups.map((lookup) => leases.acquire(referenceId, lookup.id)));
      if (await save(next, loaded?.version ?? 0)) {
        for (const id of cancelled) lookups.abort(referenceId, id, new Error('cancelled'));
        if (output.done && !record.flow_done && output.end && engine.onEnd) {
          const end = output.end;
          const onEnd = engine.onEnd;
          track(
            Promise.resolve()
              .then(() => onEnd(end))
              .catch((error: unknown) =>
                logger.error({ reference_id: referenceId, error }, 'flow onEnd failed'),
              ),
          );
        }
        if (next.ended && !record.ended) notify({ type: 'call.ended', summary: next.summary });
        return { record: next, actions: output.actions, lookups: output.lookups };
      }
      // Not released (a retry may start the same lookup): left to run out unless a retry takes it again.
      for (const lookup of output.lookups) leases?.abandon(referenceId, lookup.id);
      logger.debug({ reference_id: referenceId, attempt }, 'store write conflict, retrying step');
    }
    throw new Error(`call ${referenceId}: the store kept changing under 8 attempts to apply an input`);
  }

  async function isDuplicate(record: CallRecord, event: VoiceEvent, fingerprint: string, now: number) {
    const seen = record.replies.find((entry) => entry.fingerprint === fingerprint);
    if (!seen || seen.count === 0) return false;
    if (options.resolveRepeat) {
      try {
        const verdict = await options.resolveRepeat(record.reference_id, event, fingerprint, seen.count);
        if (verdict !== undefined) return verdict === 'duplicate';
      } catch (error) {
        logger.warn(
          {
            reference_id: record.reference_id,
            error,
          },
          'repeat resolver failed; using the time window',
        );
      }
    }
    return withinDuplicateWindow(record, fingerprint, now, duplicateWindowMs);
  }

  async function skipReason(
    record: CallRecord,
    input: FlowInput,
    fingerprint: string | undefined,
    now: number,
  ): Promise<'duplicate' | 'stale' | undefined> {
    if (fingerprint && isVoiceEventInput(input) && (await isDuplicate(record, input, fingerprint, now))) {
      return 'duplicate';
    }
    return staleReason(record, input, now);
  }

  /** Arms the call's deadline to match its record (the earliest of its flow timer and its lookups' timeouts). */
  function armTimer(record: CallRecord): void {
    if (closed) return;
    track(scheduler.arm(record.reference_id, nextDueAt(record, { lookupTimeoutMs })));
  }

  /**
   * A call's deadline came due: re-derive from its stored record what that means — lookups past their timeout are
   * aborted (or, when they do not run in this process, stepped in as failed), a passed flow timer is stepped.
   */
  async function handleDue(referenceId: string): Promise<void> {
    if (closed) return;
    // From the store, not this process's cache: with a shared scheduler, another process may have moved the call on
    // since this one last wrote it (and a stale "nothing due" would re-arm an older deadline over the newer one).
    const loaded = await load(referenceId);
    if (!loaded || loaded.record.ended) return;
    const { record } = loaded;
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
    // Nothing more due now (a lookup aborted above steps itself in): arm what the record says next.
    const latest = await load(referenceId);
    if (latest) armTimer(latest.record);
  }

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
    const loaded = await load(referenceId);
    const pending = loaded?.record.ended
      ? undefined
      : loaded?.record.pending_lookups.find((lookup) => lookup.id === lookupId);
    if (!pending) {
      await leases?.release(referenceId, lookupId);
      // Its outcome was written, but its process may have died before arming what the record says next.
      if (loaded) armTimer(loaded.record);
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
  function continueLater(referenceId: string, requests: LookupRequest[]): void {
    for (const request of requests) {
      track(
        startLookup(referenceId, request)
          .then((input) => {
            if (closed) return;
            return queue.run(referenceId, () => applyLater(referenceId, input));
          })
          .catch((error: unknown) => {
            // Not stepped in: let the lease run out, so that a process (this one too) runs the lookup again.
            leases?.abandon(referenceId, request.id);
            throw error;
          }),
      );
    }
  }

  /** Applies an input that no event is waiting on, then sends its actions. */
  async function applyLater(referenceId: string, input: FlowInput): Promise<void> {
    if (closed) return;
    const step = await stepInput(referenceId, input);
    releaseLease(referenceId, input);
    if ('skipped' in step) {
      logger.debug(
        {
          reference_id: referenceId,
          input: inputName(input),
          reason: step.skipped,
        },
        'input skipped',
      );
      return;
    }
    armTimer(step.record);
    continueLater(referenceId, step.lookups);
    await sendAll(referenceId, step.actions, step.record);
  }

  async function sendAll(referenceId: string, actions: VoiceAction[], record: CallRecord): Promise<void> {
    if (actions.length === 0) return;
    if (record.ended) {
      logger.info({ reference_id: referenceId }, 'call ended before its action could be sent');
      return;
    }
    notify({ type: 'actions', reference_id: referenceId, actions, via: 'send' });
    for (const action of actions) {
      try {
        await send(referenceId, action);
        logger.info({ reference_id: referenceId, method: action.method }, 'action sent');
      } catch (error) {
        logger.error({ reference_id: referenceId, method: action.method, error }, 'action could not be sent');
        notify({ type: 'send.failed', reference_id: referenceId, action, error });
      }
    }
  }

  /** Runs lookups within the answer budget, stepping each outcome in; what does not fit continues later. */
  async function settleInline(
    referenceId: string,
    first: Step,
    deadline: number,
  ): Promise<{ actions: VoiceAction[]; deferred: boolean; record: CallRecord }> {
    let record = first.record;
    const actions = [...first.actions];
    let pending = first.lookups;
    while (pending.length > 0) {
      const settled = await withinBudget(
        Promise.all(pending.map((request) => startLookup(referenceId, request))),
        deadline - budgetClock.now(),
      );
      if (closed) {
        // Closing aborted the lookups: that is no outcome to step in. The record keeps them pending, and the next
        // start's resume() runs them again.
        return { actions, deferred: true, record };
      }
      if (!settled) {
        continueLater(referenceId, pending);
        return { actions, deferred: true, record };
      }
      const next: LookupRequest[] = [];
      for (const input of settled) {
        let step: Awaited<ReturnType<typeof stepInput>>;
        try {
          step = await stepInput(referenceId, input);
        } catch (error) {
          // The outcome could not be written (the store failed): with leases, let them run out so that a process
          // runs the lookups again and sends what follows; the event itself fails and is delivered again.
          for (const request of pending) leases?.abandon(referenceId, request.id);
          throw error;
        }
        releaseLease(referenceId, input);
        if ('skipped' in step) continue;
        record = step.record;
        actions.push(...step.actions);
        next.push(...step.lookups);
      }
      pending = next;
    }
    return { actions, deferred: false, record };
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

  async function applyEvent(event: VoiceEvent): Promise<Delivery> {
    const referenceId = event.reference_id;
    const started = clock.now();
    const budgetStart = budgetClock.now();
    const fingerprint = eventFingerprint(event);
    const step = await stepInput(referenceId, event, fingerprint);
    if ('skipped' in step) {
      logger.info(
        { reference_id: referenceId, event: event.event },
        step.skipped === 'duplicate' ? 'duplicate event answered as before' : 'stale event ignored',
      );
      notify({ type: 'event', reference_id: referenceId, event: event.event, outcome: step.skipped });
      // A redelivery can mean the process that applied the event died before arming the call's deadline: arm it
      // again from the stored record (the same deadline again changes nothing).
      const stored = await load(referenceId);
      if (stored) armTimer(stored.record);
      return { outcome: step.skipped, actions: step.actions };
    }
    let result = { actions: step.actions, deferred: false, record: step.record };
    if (step.lookups.length > 0) {
      result = await settleInline(referenceId, step, budgetStart + budgetMs);
      // Remember the full answer (or none, when deferred) for duplicates of this event.
      try {
        await rememberAnswer(referenceId, fingerprint, result.deferred ? [] : result.actions);
      } catch (error) {
        // Every step is stored; only the memory of this answer for a redelivery is not. Answering now beats a 5xx,
        // whose redelivery would find the event applied and answer it with nothing.
        logger.warn(
          { reference_id: referenceId, error },
          'answer not remembered for duplicates (store failed)',
        );
      }
    }
    armTimer(result.record);
    const outcome = result.deferred ? 'deferred' : 'applied';
    logger.info(
      {
        reference_id: referenceId,
        event: event.event,
        outcome,
        actions: result.actions.map((a) => a.method),
        ms: clock.now() - started,
      },
      'event applied',
    );
    notify({ type: 'event', reference_id: referenceId, event: event.event, outcome });
    if (result.actions.length > 0) {
      notify({ type: 'actions', reference_id: referenceId, actions: result.actions, via: 'answer' });
    }
    return { outcome, actions: result.actions };
  }

  async function rememberAnswer(
    referenceId: string,
    fingerprint: string,
    actions: VoiceAction[],
  ): Promise<void> {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const loaded = (attempt === 1 ? records.cached(referenceId) : undefined) ?? (await load(referenceId));
      if (!loaded) return;
      const { record } = loaded;
      const next = {
        ...record,
        replies: rememberReply(record.replies, fingerprint, actions, clock.now(), 0),
      };
      if (await save(next, loaded.version)) return;
    }
  }

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
        const record = newCallRecord(referenceId, engine.id, clock.now());
        record.awaiting = ['dial_completed'];
        record.summary.direction = 'outbound';
        record.summary.tags = { ...registerOptions.tags };
        await store.compareAndSet(callKey(referenceId), record as unknown as Json, 0);
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
        armTimer(record);
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

function inputName(input: FlowInput): string {
  return isVoiceEventInput(input) ? input.event : input.type;
}
