/**
 * A flow that throws while it is stepped (a bug in its code: a prompt function, a guard, a `save`), as pure rules.
 * An input no event awaits (a timer, a lookup's outcome) is tried again later, `FLOW_FAILURE.attempts` times in
 * all; an event's answer is not retried (the caller hears silence while it waits, and TeleSign's next attempt is
 * seconds away). Then the call is given up: the flow is done (`flow_failed`), its lookups are cancelled, and the
 * lost-event fallback's last steps end the call — the closing prompt, then `hangup`. Defaults in `FLOW_FAILURE`
 * (`@ivrkit/protocol`'s `ours.ts`).
 *
 * @module
 */
import { FLOW_FAILURE, isAllowedReply, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import type { CallRecord } from './call-record.js';
import { type FlowInput, isVoiceEventInput, type StepOutput } from './flow-engine.js';
import { recordAfterStep } from './record-rules.js';
import { closingAction, type RecoveryOptions } from './recovery-rules.js';

const HANGUP: VoiceAction = { method: 'hangup', params: {} };

/**
 * Thrown by the runtime's step when the flow's own `step` threw: the flow failed, not the store or the network.
 *
 * @example
 * try { step(record, input, now); } catch (error) { if (error instanceof FlowStepError) console.error(error.cause); }
 */
export class FlowStepError extends Error {
  override readonly name = 'FlowStepError';
  constructor(
    /** The input the flow threw on (`speak_completed`, `timer`, `lookup.done`…). */
    readonly input: string,
    cause: unknown,
  ) {
    super(`the flow threw on ${input}: ${messageOf(cause)}`, { cause });
  }
}

/**
 * The flow threw on an input no event awaits, and will be tried again later: the scheduler (or a lookup's timeout)
 * brings the input back. Already logged as a warning; not an error to log again.
 *
 * @example
 * if (error instanceof FlowRetryLater) return; // counted, and retried by the scheduler
 */
export class FlowRetryLater extends Error {
  override readonly name = 'FlowRetryLater';
  constructor(readonly failure: FlowStepError) {
    super(`${failure.message} (tried again later)`, { cause: failure });
  }
}

/**
 * The end a given-up flow reports to its end hook.
 *
 * @example
 * failedEnd(new FlowStepError('timer', new Error('boom'))); // { reason: 'flow_failed', data: { error: 'boom' } }
 */
export function failedEnd(failure: FlowStepError): NonNullable<StepOutput['end']> {
  return { reason: FLOW_FAILURE.endReason, data: { error: messageOf(failure.cause) } };
}

/**
 * Whether an input no event awaits may be tried again after its `failures`-th failure (this one counted).
 *
 * @example
 * mayRetry(1); // true with the default 3 attempts
 */
export function mayRetry(failures: number, attempts: number = FLOW_FAILURE.attempts): boolean {
  return failures < attempts;
}

/**
 * The record of a call whose flow is given up, after `input` (recorded like an applied input: an event's facts
 * and fingerprint, `call_completed` ending the call): the flow is done, its lookups cancelled, no timer left.
 *
 * @example
 * const { record: next, cancelled } = recordGivenUp(record, event, Date.now(), fingerprint);
 */
export function recordGivenUp(
  record: CallRecord,
  input: FlowInput,
  now: number,
  fingerprint?: string,
): { record: CallRecord; cancelled: Set<string> } {
  const output: StepOutput = { snapshot: record.snapshot, actions: [], done: true, lookups: [] };
  return recordAfterStep(record, input, output, { now, fingerprint });
}

/**
 * A step that ends a given-up call: the closing prompt, or `hangup`.
 *
 * @example
 * const step: ClosingStep = { kind: 'hangup', action: { method: 'hangup', params: {} } };
 */
export type ClosingStep = { kind: 'closing' | 'hangup'; action: VoiceAction };

/**
 * How a given-up call is ended from here: the closing prompt where it may be said (as the answer to `event`, when
 * TeleSign allows a `speak` after it; or sent), else `hangup`. `undefined` after `call_completed`: nothing to end.
 *
 * @example
 * closingStep(record, DEFAULT_RECOVERY, speakCompleted); // { kind: 'closing', action: <the closing prompt> }
 */
export function closingStep(
  record: CallRecord,
  recovery: RecoveryOptions,
  event?: VoiceEvent,
): ClosingStep | undefined {
  if (record.ended) return undefined;
  const sayClosing = recovery.closingPrompt !== '' && (!event || isAllowedReply(event.event, 'speak'));
  return sayClosing
    ? { kind: 'closing', action: closingAction(recovery) }
    : { kind: 'hangup', action: HANGUP };
}

/**
 * A failed input's name, for logs.
 *
 * @example
 * inputName({ type: 'timer' }); // 'timer'
 */
export function inputName(input: FlowInput): string {
  return isVoiceEventInput(input) ? input.event : input.type;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
