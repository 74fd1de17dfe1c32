/**
 * Placing an outbound call: the `dial` that starts it. The flow itself starts on that call's `dial_completed`.
 *
 * @module
 */
import { type DialAction, isWirePhoneNumber, MAX_CALL_DURATION_SECONDS } from '@ivrkit/protocol';
import { FlowDefinitionError } from '../errors/flow-definition-error.js';

/**
 * What is needed to place a call.
 *
 * @example
 * const call: PlaceCallOptions = { to: '15555551212', callerId: '15554441313', externalId: 'campaign-7:42' };
 */
export interface PlaceCallOptions {
  /** The number to call, wire form (country code and digits). */
  to: string;
  /** A number you lease, wire form. */
  callerId: string;
  /** Lowers the call's four-hour cap, in seconds. */
  maxCallDurationSeconds?: number;
  /** Echoed in every event of the call. */
  externalId?: string;
}

/**
 * Builds the `dial` action a runtime POSTs to `/v2/voice` to place an outbound call for an outbound flow.
 * Throws {@link FlowDefinitionError} on numbers not in wire form or a cap out of range.
 *
 * @example
 * const dial = placeCall({ to: '15555551212', callerId: '15554441313' });
 * // → { method: 'dial', params: { to: '15555551212', caller_id_number: '15554441313' } }
 */
export function placeCall(options: PlaceCallOptions): DialAction {
  if (!isWirePhoneNumber(options.to))
    throw new FlowDefinitionError(`placeCall.to: not a wire phone number: ${options.to}`);
  if (!isWirePhoneNumber(options.callerId)) {
    throw new FlowDefinitionError(`placeCall.callerId: not a wire phone number: ${options.callerId}`);
  }
  const cap = options.maxCallDurationSeconds;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= MAX_CALL_DURATION_SECONDS)) {
    throw new FlowDefinitionError(
      `placeCall.maxCallDurationSeconds: expected 1..${MAX_CALL_DURATION_SECONDS}, got ${cap}`,
    );
  }
  return {
    method: 'dial',
    params: {
      to: options.to,
      caller_id_number: options.callerId,
      ...(cap !== undefined ? { max_call_duration: String(cap) } : {}),
      ...(options.externalId !== undefined ? { external_id: options.externalId } : {}),
    },
  };
}
