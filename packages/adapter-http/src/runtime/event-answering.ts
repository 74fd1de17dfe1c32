/**
 * Answering one event: classify it by the delivery model (`input-rules.ts`) — apply it, answer it again as a
 * redelivery, or refuse it — and when applied, step the flow and its inline lookups in memory and write the record
 * once, with the answer to remember for redeliveries, before answering. A call given up on hangs up on its closing
 * prompt's end; a flow that throws on an event is given up at once, its answer the closing prompt.
 *
 * @module
 */
import { UNCONFIRMED_END_STATUS, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import { ANYTIME_EVENTS, type CallRecord, eventFingerprint, rememberReply } from './call-record.js';
import { closingStep, FlowStepError, failedEnd, recordGivenUp } from './flow-failure.js';
import { settleInline } from './inline-lookups.js';
import { classifyEvent, type EventVerdict } from './input-rules.js';
import type { LookupContinuation, RunningLookup } from './lookup-continuation.js';
import { recordAfterRecoveryStep } from './recovery-rules.js';
import {
  type EventOrigin,
  MAX_WRITE_ATTEMPTS,
  type Read,
  type RuntimeCore,
  type Stepped,
  unstepped,
} from './runtime-core.js';
import type { Delivery } from './runtime-types.js';

const HANGUP: VoiceAction = { method: 'hangup', params: {} };

/**
 * Creates the function that answers events (call it inside the call's queue).
 *
 * @example
 * const applyEvent = createEventAnswering(core, continuation);
 * const { outcome, actions } = await core.queue.run(event.reference_id, () => applyEvent(event));
 */
export function createEventAnswering(
  core: RuntimeCore,
  continuation: LookupContinuation,
): (event: VoiceEvent, origin?: EventOrigin) => Promise<Delivery> {
  const { clock, logger, records, options } = core;
  const budgetMs = options.answerBudgetMs ?? 1_500;
  const budgetClock = options.budgetClock ?? clock;

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
          { reference_id: record.reference_id, error },
          'repeat resolver failed; using the delivery rules',
        );
      }
    }
    return classifyEvent(record, event, fingerprint, now, core.rules, known);
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
    if ((await records.save(next, before.version)) === undefined) return undefined;
    return entry?.actions ?? [];
  }

  /** The closing prompt of a call given up on ended: hang up (the flow is not stepped with it). */
  async function hangUpAfterClosing(before: Read, fingerprint: string, now: number): Promise<boolean> {
    const next = recordAfterRecoveryStep(before.record, { kind: 'hangup', action: HANGUP }, now);
    next.replies = rememberReply(before.record.replies, fingerprint, [HANGUP], now);
    next.last_fingerprint = fingerprint;
    return core.commit(before, unstepped(next, [HANGUP]));
  }

  /**
   * The flow threw on an event (or on a lookup's outcome inside its answer): the call is given up at once, its
   * answer the closing prompt (or `hangup`). `undefined`: write conflict.
   */
  async function giveUp(
    before: Read,
    event: VoiceEvent,
    fingerprint: string,
    now: number,
    failure: FlowStepError,
  ): Promise<VoiceAction[] | undefined> {
    const { record: given, cancelled } = recordGivenUp(before.record, event, now, fingerprint);
    const closing = closingStep(given, core.recovery, event);
    const record = closing ? recordAfterRecoveryStep(given, closing, now) : given;
    const actions = closing ? [closing.action] : [];
    record.replies = rememberReply(before.record.replies, fingerprint, actions, now);
    if (!(await core.commit(before, { ...unstepped(record, actions), cancelled, end: failedEnd(failure) }))) {
      return undefined;
    }
    logger.error(
      { reference_id: record.reference_id, input: failure.input, error: failure.cause },
      'the flow threw: ending the call',
    );
    return actions;
  }

  /** Steps the event and its inline lookups in memory: what to write, and the lookups to continue after. */
  async function stepWithLookups(
    before: Read,
    event: VoiceEvent,
    fingerprint: string,
    now: number,
    origin: EventOrigin,
    budgetEnd: number,
  ): Promise<{ stepped: Stepped; running: RunningLookup[] | undefined }> {
    const stepped = core.step(before.record, event, now, fingerprint);
    if (origin.synthetic) {
      stepped.record.summary = {
        ...stepped.record.summary,
        call_status: UNCONFIRMED_END_STATUS,
        duration: null,
      };
    }
    const running = await settleInline(
      core,
      continuation,
      budgetClock,
      event.reference_id,
      stepped,
      budgetEnd,
    );
    // Remember the full answer (or none, when deferred) for redeliveries of this event: in the same write.
    stepped.record.replies = rememberReply(
      before.record.replies,
      fingerprint,
      running ? [] : stepped.actions,
      now,
    );
    return { stepped, running };
  }

  function settled(event: VoiceEvent, outcome: Delivery['outcome'], actions: VoiceAction[]): Delivery {
    const referenceId = event.reference_id;
    if (outcome === 'duplicate' || outcome === 'stale') {
      logger.info(
        { reference_id: referenceId, event: event.event },
        outcome === 'duplicate' ? 'redelivered event answered as before' : 'stale event refused',
      );
    }
    core.notify({ type: 'event', reference_id: referenceId, event: event.event, outcome });
    if (actions.length > 0 && outcome !== 'stale') {
      core.notify({ type: 'actions', reference_id: referenceId, actions, via: 'answer' });
    }
    return { outcome, actions };
  }

  return async function applyEvent(event, origin = {}) {
    const referenceId = event.reference_id;
    const started = clock.now();
    const budgetEnd = budgetClock.now() + budgetMs;
    const fingerprint = eventFingerprint(event);
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const now = clock.now();
      const before = await core.read(referenceId, attempt);
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
        if (before.version !== 0) core.arm(record, before.version);
        return settled(event, 'stale', []);
      }
      if (verdict === 'redelivery') {
        const answered = await answerAgain(before, fingerprint);
        if (answered === undefined) continue;
        // Armed as the version read: the count written since changes no deadline, and anything newer wins.
        core.arm(record, before.version);
        return settled(event, 'duplicate', answered);
      }
      if (record.recovery === 'closing' && !ANYTIME_EVENTS.has(event.event)) {
        if (!(await hangUpAfterClosing(before, fingerprint, now))) continue;
        return settled(event, 'applied', [HANGUP]);
      }
      let applied: Awaited<ReturnType<typeof stepWithLookups>>;
      try {
        applied = await stepWithLookups(before, event, fingerprint, now, origin, budgetEnd);
      } catch (error) {
        if (!(error instanceof FlowStepError)) throw error;
        const answer = await giveUp(before, event, fingerprint, now, error);
        if (answer === undefined) continue;
        return settled(event, 'applied', answer);
      }
      const { stepped, running } = applied;
      if (!(await core.commit(before, stepped))) {
        logger.debug({ reference_id: referenceId, attempt }, 'store write conflict, retrying the event');
        continue;
      }
      if (running) continuation.continueWith(referenceId, running);
      for (const input of stepped.settledLookups) continuation.release(referenceId, input);
      const outcome = running ? 'deferred' : 'applied';
      logger.info(
        {
          reference_id: referenceId,
          event: event.event,
          outcome,
          actions: stepped.actions.map((a) => a.method),
          ms: clock.now() - started,
        },
        'event applied',
      );
      return settled(event, outcome, stepped.actions);
    }
    throw new Error(
      `call ${referenceId}: the store kept changing under ${MAX_WRITE_ATTEMPTS} attempts to apply an event`,
    );
  };
}
