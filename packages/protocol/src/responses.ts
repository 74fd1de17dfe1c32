/**
 * Answers of `POST /v2/voice`: TeleSign's status strings with their HTTP codes (docs/protocol.md, *Answers of `POST /v2/voice`*), as data.
 *
 * @module
 */
import { OUR_RESPONSE_STATUS } from './ours.js';

/**
 * Every `/v2/voice` status string TeleSign documents, with its HTTP code. A 200 is a refusal: only 202 succeeds.
 *
 * @example
 * VOICE_RESPONSE_STATUS.dial_accepted; // 202
 */
export const VOICE_RESPONSE_STATUS = {
  dial_accepted: 202,
  premium_to_number_rejected: 200,
  to_number_blocked_by_country: 200,
  to_number_blocked_by_customer: 200,
  to_number_blocked_by_telesign: 200,
  caller_id_number_not_owned: 400,
  caller_id_number_not_provided: 400,
  invalid_phone_number: 400,
  to_number_not_provided: 400,
  unsupported_call_state: 400,
  credentials_not_provided: 401,
  not_authorized: 401,
  rate_limit_exceeded: 429,
  // [ours] — see OUR_RESPONSE_STATUS.
  [OUR_RESPONSE_STATUS.actionAccepted]: 202,
  [OUR_RESPONSE_STATUS.invalidRequest]: 400,
  [OUR_RESPONSE_STATUS.callNotFound]: 404,
  [OUR_RESPONSE_STATUS.notFound]: 404,
  [OUR_RESPONSE_STATUS.methodNotAllowed]: 405,
  [OUR_RESPONSE_STATUS.requestTooLarge]: 413,
  [OUR_RESPONSE_STATUS.unsupportedContentType]: 415,
  [OUR_RESPONSE_STATUS.internalError]: 500,
} as const;

/** A `/v2/voice` status string. */
export type VoiceResponseStatus = keyof typeof VOICE_RESPONSE_STATUS;

/** The 200 answers that refuse a `dial`. */
export const DIAL_REFUSAL_STATUSES = [
  'premium_to_number_rejected',
  'to_number_blocked_by_country',
  'to_number_blocked_by_customer',
  'to_number_blocked_by_telesign',
] as const satisfies readonly VoiceResponseStatus[];

/** The body of every `/v2/voice` answer. */
export interface VoiceResponseBody {
  reference_id: string;
  status: VoiceResponseStatus | (string & {});
  external_id?: string;
  /** `[ours]` For refusals: what was wrong, in words. */
  message?: string;
}

/**
 * Whether a `/v2/voice` answer means the request was carried out. Remember: a 200 is a refusal.
 *
 * @example
 * isAcceptedVoiceResponse(200); // false
 */
export function isAcceptedVoiceResponse(httpStatus: number): boolean {
  return httpStatus === 202;
}

/**
 * The HTTP code of a status string; 400 for a string this package does not know.
 *
 * @example
 * httpStatusOf('rate_limit_exceeded'); // 429
 */
export function httpStatusOf(status: string): number {
  return (VOICE_RESPONSE_STATUS as Record<string, number>)[status] ?? 400;
}
