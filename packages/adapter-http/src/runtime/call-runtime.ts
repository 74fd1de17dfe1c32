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
 * This file only wires the parts together: the shared core (`runtime-core.ts`: read, step, write, arm), answering
 * events (`event-answering.ts`), inputs no event awaits (`later-inputs.ts`), due deadlines (`due-deadline.ts`),
 * lookups after the answer and their leases (`lookup-continuation.ts`) and lost events (`lost-event-recovery.ts`).
 *
 * @module
 */
import type { Json, Store } from '../store/store.js';
import { type CallRecord, callKey, newCallRecord } from './call-record.js';
import { createDueDeadlineHandler } from './due-deadline.js';
import { createEventAnswering } from './event-answering.js';
import { createLaterInputs } from './later-inputs.js';
import { createLookupContinuation } from './lookup-continuation.js';
import { createLostEventRecovery } from './lost-event-recovery.js';
import { createRuntimeCore, type EventOrigin, type Read, unstepped } from './runtime-core.js';
import type {
  CallRuntime,
  CallRuntimeOptions,
  Delivery,
  EventRecovery,
  RepeatResolver,
  RuntimeNotice,
  SendAction,
} from './runtime-types.js';

export type {
  CallRuntime,
  CallRuntimeOptions,
  Delivery,
  EventOrigin,
  EventRecovery,
  Read,
  RepeatResolver,
  RuntimeNotice,
  SendAction,
};

/**
 * Creates a {@link CallRuntime}.
 *
 * @example
 * const runtime = createCallRuntime({ engine, store: createMemoryStore(), send: (id, a) => client.sendAction(id, a).then(() => {}) });
 * const { actions } = await runtime.deliver(event);
 */
export function createCallRuntime(options: CallRuntimeOptions): CallRuntime {
  const core = createRuntimeCore(options);
  const { store } = options;
  const { queue, scheduler, leases, logger, clock, records } = core;
  // The parts call each other in a cycle (an outcome is applied later; a lost event is answered like any): wired
  // through these late-bound functions.
  const continuation = createLookupContinuation(core, (referenceId, input) => applyLater(referenceId, input));
  const applyEvent = createEventAnswering(core, continuation);
  const lostEvents = createLostEventRecovery({
    read: (referenceId) => core.read(referenceId, 2),
    write: (before, record) => core.commit(before, unstepped(record, [])),
    applyEvent,
    sendAll: core.sendAll,
    trySend: core.trySend,
    notify: core.notify,
    logger,
    clock,
    recovery: core.recovery,
    recoverEvents: options.recoverEvents,
  });
  const applyLater = createLaterInputs(core, { continuation, fallBack: lostEvents.fallBack });
  const handleDue = createDueDeadlineHandler(core, { applyLater, recover: lostEvents.recover });

  const closedError = () => Promise.reject(new Error('the call runtime is closed'));
  // Rejected, not dropped, once closed: a shared scheduler hands the deadline to another process (or to this
  // one's next run), and a lease to whoever takes it over.
  scheduler.start((referenceId) =>
    core.closed ? closedError() : core.track(queue.run(referenceId, () => handleDue(referenceId))),
  );
  leases?.start((referenceId, lookupId) =>
    core.closed
      ? closedError()
      : core.track(queue.run(referenceId, () => continuation.takeOver(referenceId, lookupId))),
  );

  return {
    deliver(event) {
      if (core.closed) return closedError();
      return queue.run(event.reference_id, () => applyEvent(event));
    },
    register(referenceId, registerOptions = {}) {
      return queue.run(referenceId, async () => {
        if (await store.get<Json>(callKey(referenceId))) return;
        const now = clock.now();
        const record = newCallRecord(referenceId, core.engine.id, now);
        record.awaiting = ['dial_completed'];
        if (registerOptions.dial) record.awaited = { action: registerOptions.dial, at: now, resent: 0 };
        record.summary.direction = 'outbound';
        record.summary.tags = { ...registerOptions.tags };
        const written = await store.compareAndSet(callKey(referenceId), record as unknown as Json, 0);
        if (written.ok) core.arm(record, written.version);
      });
    },
    get: (referenceId) => readRecord(store, referenceId),
    async resume() {
      let calls = 0;
      let lookupCount = 0;
      let timerCount = 0;
      for (const key of await records.keys()) {
        const loaded = await store.get<Json>(key);
        const record = loaded?.value as unknown as CallRecord | undefined;
        if (!loaded || !record || record.ended) continue;
        calls++;
        if (record.deadline !== null) timerCount++;
        core.arm(record, loaded.version);
        // With leases, a pending lookup may be running on another live process: the leases say when it is not.
        if (record.pending_lookups.length > 0 && !leases) {
          lookupCount += record.pending_lookups.length;
          logger.info(
            { reference_id: record.reference_id, lookups: record.pending_lookups.map((l) => l.name) },
            'resuming pending lookups',
          );
          continuation.continueLater(record.reference_id, record.pending_lookups);
        }
      }
      return { calls, lookups: lookupCount, timers: timerCount };
    },
    async idle() {
      for (;;) {
        await queue.idle();
        if (core.background.size === 0) {
          await queue.idle();
          if (core.background.size === 0) return;
        }
        await Promise.allSettled([...core.background]);
      }
    },
    async close() {
      core.markClosed();
      if (core.ownScheduler) await scheduler.close();
      core.lookups.abortAll(new Error('runtime closed'));
      await queue.idle();
      records.clear();
    },
    subscribe(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
  };
}

async function readRecord(store: Store, referenceId: string): Promise<CallRecord | undefined> {
  return (await store.get<Json>(callKey(referenceId)))?.value as unknown as CallRecord | undefined;
}
