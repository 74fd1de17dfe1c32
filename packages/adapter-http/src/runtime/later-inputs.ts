/**
 * Applying an input no event is waiting on — a lookup's outcome after the answer, a flow timer — then sending its
 * actions through the Customer Action API (or a socket). A flow that throws on such an input is tried again later,
 * a bounded number of times, then the call is ended politely (`flow-failure.ts`).
 *
 * @module
 */
import { FLOW_FAILURE } from '@ivrkit/protocol';
import type { FlowInput } from './flow-engine.js';
import {
  closingStep,
  FlowRetryLater,
  FlowStepError,
  failedEnd,
  inputName,
  mayRetry,
  recordGivenUp,
} from './flow-failure.js';
import { staleReason } from './input-rules.js';
import type { LookupContinuation } from './lookup-continuation.js';
import { recordAfterRecoveryStep } from './recovery-rules.js';
import { MAX_WRITE_ATTEMPTS, type Read, type RuntimeCore, type Stepped, unstepped } from './runtime-core.js';

/**
 * What applying later inputs needs besides the core.
 *
 * @example
 * const deps: LaterInputDeps = { continuation, fallBack: (id) => lostEvents.fallBack(id) };
 */
export interface LaterInputDeps {
  continuation: LookupContinuation;
  /** The lost-event fallback's next step (after TeleSign refused the closing prompt). */
  fallBack(referenceId: string): Promise<void>;
}

/**
 * Creates the function that applies later inputs (call it inside the call's queue).
 *
 * @example
 * const applyLater = createLaterInputs(core, deps);
 * await core.queue.run(id, () => applyLater(id, { type: 'timer' }));
 */
export function createLaterInputs(
  core: RuntimeCore,
  deps: LaterInputDeps,
): (referenceId: string, input: FlowInput) => Promise<void> {
  const { clock, logger, records } = core;
  const { continuation } = deps;

  /**
   * The flow threw. Counted in the record; tried again later (`FlowRetryLater`: the scheduler, or the lookup's
   * timeout, brings the input back) until `FLOW_FAILURE.attempts`, then the call is given up: the closing prompt
   * (or `hangup`) is sent. `false`: write conflict.
   */
  async function fail(before: Read, input: FlowInput, now: number, failure: FlowStepError): Promise<boolean> {
    const referenceId = before.record.reference_id;
    const failures = (before.record.flow_failures ?? 0) + 1;
    if (mayRetry(failures, FLOW_FAILURE.attempts)) {
      // Not armed: the deadline that brought the input is retried by the scheduler itself, spaced out.
      const counted = await records.save({ ...before.record, flow_failures: failures }, before.version);
      if (counted === undefined) return false;
      logger.warn(
        { reference_id: referenceId, input: failure.input, attempt: failures, error: failure.cause },
        'the flow threw; trying again later',
      );
      throw new FlowRetryLater(failure);
    }
    const { record: given, cancelled } = recordGivenUp(before.record, input, now);
    given.flow_failures = failures;
    const closing = closingStep(given, core.recovery);
    const record = closing ? recordAfterRecoveryStep(given, closing, now) : given;
    const actions = closing ? [closing.action] : [];
    if (!(await core.commit(before, { ...unstepped(record, actions), cancelled, end: failedEnd(failure) }))) {
      return false;
    }
    continuation.release(referenceId, input);
    logger.error(
      { reference_id: referenceId, input: failure.input, attempts: failures, error: failure.cause },
      'the flow threw on every attempt: ending the call',
    );
    if (closing) {
      core.notify({ type: 'actions', reference_id: referenceId, actions, via: 'send' });
      // Refused (a prompt still plays, say): the fallback's next step, hangup.
      if (!(await core.trySend(referenceId, closing.action))) await deps.fallBack(referenceId);
    }
    return true;
  }

  return async function applyLater(referenceId, input) {
    if (core.closed) return;
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const now = clock.now();
      const before = await core.read(referenceId, attempt);
      if (staleReason(before.record, input, now)) {
        if (before.cached) {
          records.forget(referenceId);
          continue;
        }
        continuation.release(referenceId, input);
        logger.debug(
          { reference_id: referenceId, input: inputName(input), reason: 'stale' },
          'input skipped',
        );
        return;
      }
      let stepped: Stepped;
      try {
        stepped = core.step(before.record, input, now);
      } catch (error) {
        if (!(error instanceof FlowStepError)) throw error;
        if (await fail(before, input, now, error)) return;
        continue;
      }
      if (!(await core.commit(before, stepped))) continue;
      continuation.release(referenceId, input);
      continuation.continueLater(referenceId, stepped.lookups);
      await core.sendAll(referenceId, stepped.actions, stepped.record);
      return;
    }
    throw new Error(
      `call ${referenceId}: the store kept changing under ${MAX_WRITE_ATTEMPTS} attempts to apply an input`,
    );
  };
}
