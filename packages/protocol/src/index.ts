/**
 * `@ivrkit/protocol` — TeleSign's Voice API wire format in one place: typed actions and events in the wire's
 * snake_case, validating parsers for untrusted input, the event → allowed-replies contract, response statuses,
 * phone numbers, and every `[ours]` decision (`ours.ts`). Pure and portable: it runs in Node and in browsers.
 * Authentication, which needs `node:crypto`, is at `@ivrkit/protocol/auth`.
 *
 * @module
 */
export {
  ACTION_METHODS,
  type ActionEnvelope,
  type ActionMethod,
  type ActionOf,
  type CollectDigits,
  type DialAction,
  type HangupAction,
  type PlayAction,
  type PlayMultipleAction,
  type PromptAction,
  type SendDtmfAction,
  type SpeakAction,
  type Tts,
  type VoiceAction,
} from './actions.js';
export type {
  CallQueryCall,
  CallQueryEvent,
  CallQueryEventsPage,
  CallQueryList,
  CallState,
} from './call-query.js';
export { ALLOWED_REPLIES, type AllowedReply, type AllowedReplyMethod, isAllowedReply } from './contract.js';
export {
  type CallCompletedEvent,
  type CallCompletedStatus,
  type CallLegCompletedEvent,
  type CallLegStatus,
  type DialCompletedEvent,
  type DialStatus,
  EVENT_NAMES,
  type EventEnvelope,
  type EventName,
  type EventOf,
  formatCdrTime,
  type IncomingCallEvent,
  type PlayCompletedEvent,
  type PlayStatus,
  type SpeakCompletedEvent,
  type SpeakStatus,
  type VoiceEvent,
} from './events.js';
export {
  type BufferedHandler,
  type BufferedRequest,
  type HeaderReader,
  headerReader,
  type JsonAnswer,
} from './http/buffered.js';
export { hostNameOf, isAllowedHost, isLoopbackAddress } from './http/host-header.js';
export { BodyTooLargeError, readBodyLimited } from './http/read-body.js';
export {
  ANSWERS_TO_DUPLICATE_DELIVERIES,
  CALL_COMPLETED_GRACE_MS,
  CALL_QUERY,
  CALL_RECORDINGS_LIST,
  CALL_STATE,
  COLLECT_DIGITS_DEFAULTS,
  COLLECT_DIGITS_TERMINATOR,
  DEFAULT_DATE_SKEW_MS,
  DEFAULT_PLAY_DURATION_MS,
  DEFAULT_TTS_LANGUAGE,
  DIGITS_DURING_PROMPT,
  ENDED_CALL_RETENTION_MS,
  EVENT_DELIVERY_DEFAULTS,
  FLOW_FAILURE,
  LIMITS,
  LISTENER_LIMITS,
  LOST_EVENT_RECOVERY,
  MAX_CALL_DURATION_SECONDS,
  MIN_API_KEY_BYTES,
  OUR_RESPONSE_STATUS,
  PATHS,
  REDELIVERY,
  SEND_DTMF_TIMING,
  SPEAKING_RATE_WPM,
  STATUS,
  UNCONFIRMED_END_STATUS,
} from './ours.js';
export {
  isWirePhoneNumber,
  type NormalizePhoneOptions,
  normalizePhoneNumber,
  PhoneNumberError,
} from './phone.js';
export {
  DIAL_REFUSAL_STATUSES,
  httpStatusOf,
  isAcceptedVoiceResponse,
  VOICE_RESPONSE_STATUS,
  type VoiceResponseBody,
  type VoiceResponseStatus,
} from './responses.js';
export { isTtsLanguage, suggestTtsLanguage, TTS_LANGUAGES, type TtsLanguage } from './tts-languages.js';
export {
  assertAction,
  assertEvent,
  type IssueCode,
  type JsonLimits,
  type ParseResult,
  ProtocolValidationError,
  parseAction,
  parseActionJson,
  parseEvent,
  parseEventJson,
  parseJsonBody,
  type ValidationIssue,
} from './validation/index.js';
