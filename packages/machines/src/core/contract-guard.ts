/**
 * The runtime half of the contract: every reply a flow sends is checked against the event it answers.
 *
 * @module
 */
import { ALLOWED_REPLIES, type EventName, isAllowedReply, type VoiceAction } from '@ivrkit/protocol';
import { ContractViolationError } from '../errors/contract-violation-error.js';

/**
 * Throws {@link ContractViolationError} unless `action` may answer `answering` (`null`: no event awaits a reply,
 * so nothing may be sent — but `hangup`, which the flow may send at any moment, is not checked here). `state`
 * names where the flow was, for the message.
 *
 * @example
 * assertReply('dial_completed', { method: 'dial', params: { to: '1555', caller_id_number: '1555' } }, '"main"'); // throws
 */
export function assertReply(answering: EventName | null, action: VoiceAction, state: string): void {
  if (answering === null) {
    throw new ContractViolationError(
      null,
      action.method,
      state,
      `flow sent "${action.method}" in state ${state}, but no event awaits a reply ` +
        '(the last event was already answered, or none has arrived yet)',
    );
  }
  if (!isAllowedReply(answering, action.method)) {
    const allowed = ALLOWED_REPLIES[answering];
    throw new ContractViolationError(
      answering,
      action.method,
      state,
      `flow sent "${action.method}" in state ${state} as the reply to "${answering}", which allows ` +
        (allowed.length ? allowed.map((m) => `"${m}"`).join(', ') : 'no reply'),
    );
  }
}
