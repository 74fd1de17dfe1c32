/**
 * Every protocol decision that TeleSign's public documentation does not settle — the `[ours]` items of
 * `docs/protocol.md`, the project's summary of the Voice API — lives in this one file, so that each can be
 * changed in one place when TeleSign's real contract is known. The simulator, the machines and the adapter all read them from here.
 *
 * Anything here that a real TeleSign account could do differently (paths, timeouts) is also configurable
 * where it is used; these are the defaults.
 *
 * @module
 */

/** HTTP paths of the Voice API and its neighbours. The `[doc]` paths are TeleSign's; the rest are ours. */
export const PATHS = {
  /** `[doc]` Actions (and `dial`) are POSTed here. */
  voice: '/v2/voice',
  /** `[doc]` Phone number search. */
  phoneNumberSearch: '/v1/phone_numbers/numbers',
  /** `[doc]` Phone number leases; cancel is `DELETE {phoneNumberLeases}/{lease_id}`. */
  phoneNumberLeases: '/v1/phone_numbers/leases',
  /** `[doc]` Call recordings; one call's is `{callRecordings}/{reference_id}`. */
  callRecordings: '/v2/call_recording',
  /**
   * `[ours]` Call Query API: `GET {callQuery}/{reference_id}` answers the call's status;
   * `GET {callQuery}/{reference_id}/events?after=<sequence>` answers the events posted after a sequence number,
   * for accounts with event posting turned off. `GET {callQuery}?state=<CALL_STATE>` lists the account's calls
   * (newest first), so that a customer without event posting learns of inbound calls. Answers are described by
   * {@link CALL_QUERY}.
   */
  callQuery: '/v2/voice/calls',
  /**
   * `[ours]` The WebSocket channel carrying the same JSON events and actions as the event URL. The upgrade request
   * authenticates like any REST request (Basic, or TSA over `GET` of this path with no body). The server sends
   * each event as one text message, exactly the JSON it would POST; the customer sends actions with the call's
   * `reference_id` at the top level (a `dial` without one places an outbound call), and each is answered with the
   * body `POST /v2/voice` would answer, plus the action's JSON-RPC `id` when it had one.
   */
  eventSocket: '/v2/voice/events/ws',
  /** `[ours]` The simulator's control API (tests, CLI, browser UI): never part of TeleSign's surface. */
  simulatorControl: '/_sim',
} as const;

/** `[ours]` Digits a caller presses while a prompt still plays are collected (barge-in), and cut the prompt short. */
export const DIGITS_DURING_PROMPT = 'collect-and-interrupt' as const;

/**
 * `[ours]` When an event was delivered more than once, only the first answer that acts counts: answers to the
 * other copies are dropped. A customer that re-answers a retried event (the right thing when it cannot know its
 * first answer arrived) is therefore never doubled.
 */
export const ANSWERS_TO_DUPLICATE_DELIVERIES = 'first-answer-wins' as const;

/** `[ours]` `collect_digits` has no terminator key (`#` is collected like any other digit). */
export const COLLECT_DIGITS_TERMINATOR: string | null = null;

/** `[ours]` Defaults applied when an action's `collect_digits` omits a timing. Milliseconds. */
export const COLLECT_DIGITS_DEFAULTS = {
  /** Wait for the first digit, counted from the end of the prompt. */
  timeout: 5_000,
  /** Wait between two digits. */
  inter_digit_timeout: 3_000,
} as const;

/** `[ours]` The TTS language used when a `speak` action names none. */
export const DEFAULT_TTS_LANGUAGE = 'en-US';

/** `[doc]` A call lasts at most four hours; `dial.params.max_call_duration` can only lower it. Seconds. */
export const MAX_CALL_DURATION_SECONDS = 14_400;

/**
 * `[ours]` Status strings TeleSign's documentation does not name. The `[doc]`/`[demo]` ones are listed beside
 * them so each event's vocabulary reads in one place.
 */
export const STATUS = {
  /** `dial_completed.data.status`: `answered` is `[demo]`; the failures are ours. */
  dial: {
    answered: 'answered',
    noAnswer: 'no_answer',
    busy: 'busy',
    failed: 'failed',
  },
  /** `speak_completed.data.status`: success is `[demo]`; `speak_failed` (TTS could not be rendered) is ours. */
  speak: {
    successful: 'speak_successful',
    failed: 'speak_failed',
  },
  /** `play_completed.data.status`: success is `[doc]`; `playback_failed` (audio could not be fetched) is ours. */
  play: {
    successful: 'playback_successful',
    failed: 'playback_failed',
  },
  /** `call_leg_completed.data.status`: ours. */
  callLeg: {
    hangup: 'hangup',
    failed: 'failed',
  },
  /**
   * `call_completed.data.status`: `hangup` (either side hung up) is `[demo]`; the rest are ours.
   * A caller who hangs up during a prompt ends the call with `hangup`; no `*_completed` is sent for that prompt.
   */
  call: {
    hangup: 'hangup',
    maxDurationReached: 'max_duration_reached',
    noAnswer: 'no_answer',
    busy: 'busy',
    failed: 'failed',
  },
} as const;

/**
 * `[ours]` Status strings for `/v2/voice` answers the documentation does not list: the Customer Action API's
 * success, and refusals of requests that could not be read at all. Each comes with a `message` field (ours too).
 */
export const OUR_RESPONSE_STATUS = {
  /** 202: an action for a live call (Customer Action API) was accepted. */
  actionAccepted: 'action_accepted',
  /** 400: the body is not JSON, or not a valid action. */
  invalidRequest: 'invalid_request',
  /** 404: no live or ended call has this `reference_id`. */
  callNotFound: 'call_not_found',
  /** 404: no such path. */
  notFound: 'not_found',
  /** 405: the path exists but not with this HTTP method. */
  methodNotAllowed: 'method_not_allowed',
  /** 413: the body is larger than {@link LIMITS.maxBodyBytes}. */
  requestTooLarge: 'request_too_large',
  /** 415: the Content-Type is not JSON (or form-encoded where that is allowed). */
  unsupportedContentType: 'unsupported_content_type',
  /** 500: the server failed; the message says how. Never expected. */
  internalError: 'internal_error',
  /**
   * 500: the event URL's server read the body before the webhook could (a framework's JSON parser); the message
   * says which middleware to move. TeleSign delivers the event again, so nothing is lost once it is fixed.
   */
  bodyAlreadyRead: 'body_already_read',
  /**
   * 503: the call-state store (a shared store's server, Redis say) cannot be reached right now; nothing was applied,
   * and TeleSign delivers the event again.
   */
  storeUnavailable: 'store_unavailable',
} as const;

/** `[ours]` Size limits applied to untrusted input, by parsers and servers alike. */
export const LIMITS = {
  /** Largest accepted request or event body, in bytes. */
  maxBodyBytes: 64 * 1024,
  /** Longest accepted `reference_id` / `external_id`. */
  maxIdLength: 128,
  /** Longest accepted `speak` message, in characters. */
  maxTtsMessageLength: 4_000,
  /** Longest accepted URL. */
  maxUrlLength: 2_048,
  /** Most URLs in one `play_multiple`. */
  maxPlayMultipleUrls: 20,
  /** Most digits one `collect_digits` may ask for. */
  maxCollectDigits: 64,
  /** Longest `collect_digits` timing, in milliseconds. */
  maxCollectTimeoutMs: 120_000,
  /** Longest DTMF string for `send_dtmf`. */
  maxDtmfLength: 128,
  /** Deepest JSON nesting accepted in a body (guards against stack-exhausting input). */
  maxJsonDepth: 32,
  /** Largest answer the TeleSign client reads, in bytes after decompression (a page of 1,000 calls fits). */
  maxResponseBytes: 4 * 1024 * 1024,
} as const;

/**
 * `[ours]` Limits of every listening socket in the project (the adapter's `serve`, the simulator's server, the demo
 * host): how long a client may take, and how many may be connected at once. Each server takes overrides
 * (`limits: { … }`); these are the defaults.
 */
export const LISTENER_LIMITS = {
  /** Time to receive a request's headers, from the connection (or the previous request), in milliseconds. */
  headersTimeoutMs: 10_000,
  /** Time to receive a whole request, headers and body, in milliseconds. */
  requestTimeoutMs: 30_000,
  /** How long an idle keep-alive connection is kept open, in milliseconds. */
  keepAliveTimeoutMs: 5_000,
  /** Connections open at once, WebSockets included; more are closed as they arrive. */
  maxConnections: 1_000,
} as const;

/**
 * `[ours]` How long a store keeps the record of an ended call (its transcript summary, the digits collected) after
 * its last write, in milliseconds: 7 days. The file store deletes older ones at start and every hour; a shared
 * store may expire them. Each store takes its own value.
 */
export const ENDED_CALL_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * `[ours]` The shortest API key accepted at start, in bytes once base64-decoded. TeleSign issues 64-byte keys; a
 * shorter one is a truncated copy or a typo, refused with a configuration error before any event arrives.
 */
export const MIN_API_KEY_BYTES = 8;

/** `[ours]` Request-signature verification: the accepted distance between a request's `Date` and our clock. */
export const DEFAULT_DATE_SKEW_MS = 15 * 60_000;

/** `[ours]` Event delivery to the event URL (TeleSign's generic callback policy: docs/protocol.md, *Delivery of events*). */
export const EVENT_DELIVERY_DEFAULTS = {
  /** Wait for one attempt's answer, in milliseconds. */
  timeoutMs: 5_000,
  /** Attempts in all, the first included. */
  attempts: 4,
  /** Wait before retry n (1-based) is `backoffMs * n`: 5 s, 10 s, 15 s. */
  backoffMs: 5_000,
} as const;

/**
 * `[ours]` `send_dtmf` (a name only in TeleSign's docs): it does not answer the event it follows — that event still
 * awaits its reply, which comes next (the simulator and the machines' pure step agree) — and TeleSign sends no event
 * when the tones end. A flow waits for them by the clock: `toneMs` per tone (tone and gap), `pauseMs` per `w`
 * (`dial.send_dtmf`'s documented half second).
 */
export const SEND_DTMF_TIMING = { toneMs: 250, pauseMs: 500 } as const;

/**
 * `[ours]` How long a flow waits for `call_completed` after the call cap, or after its own `hangup`, before it
 * gives the call up as ended. Milliseconds.
 */
export const CALL_COMPLETED_GRACE_MS = 60_000;

/** `[ours]` Speaking rate the simulator uses to time a `speak` prompt: words per minute. */
export const SPEAKING_RATE_WPM = 160;

/** `[ours]` The simulator's length for a `play` URL it has no configured duration for, in milliseconds. */
export const DEFAULT_PLAY_DURATION_MS = 3_000;

/** `[ours]` The Call Query API's `state` of a call (see {@link PATHS.callQuery}). */
export const CALL_STATE = {
  /** An outbound call (or inbound call) that is not yet answered. */
  ringing: 'ringing',
  /** Answered and not yet ended. */
  inProgress: 'in_progress',
  /** Ended: `call_completed` has been (or is being) sent. */
  completed: 'completed',
} as const;

/**
 * `[ours]` Field names of the Call Query API's answers.
 * - `GET {callQuery}/{reference_id}`: `{ reference_id, state, direction, to, from, created_on_utc,
 *   answered_on_utc, ended_on_utc, status, last_sequence }` (times formatted like `call_completed`'s; `status`
 *   is `call_completed`'s status once ended, else empty);
 * - `GET {callQuery}/{reference_id}/events?after=N`: `{ reference_id, events: [{ sequence, event }],
 *   last_sequence }`, where `event` is exactly the JSON that was (or would have been) POSTed and `sequence`
 *   counts the call's events from 1;
 * - `GET {callQuery}`: `{ calls: [<the per-call answer>] }`.
 */
export const CALL_QUERY = {
  /** Query parameter of the event feed: answer the events whose sequence is greater than this. */
  afterParam: 'after',
  /** Query parameter of the call list: only calls in this {@link CALL_STATE}. */
  stateParam: 'state',
} as const;

/**
 * `[ours]` The answer of `GET {callRecordings}?start_date_time&end_date_time&pagesize&token`: TeleSign documents
 * the query, not the envelope. `{ data: [<recording>], next_token }`; `next_token` is `null` on the last page and
 * is passed back as `token` for the next.
 */
export const CALL_RECORDINGS_LIST = {
  itemsField: 'data',
  nextTokenField: 'next_token',
  /** Page size when `pagesize` is absent. */
  defaultPageSize: 100,
  /** Largest accepted `pagesize`. */
  maxPageSize: 1_000,
} as const;

/**
 * `[ours]` How the adapter tells a redelivery of an event from a new event of the same content (TeleSign's events
 * carry no id or sequence): an event identical to the last one applied is a redelivery unless the call's awaited
 * action could have produced it by now. A redelivery is answered again as before, but only while TeleSign could
 * still be retrying, and a bounded number of times; later copies are refused. See ARCHITECTURE.md, "Delivery
 * model".
 */
export const REDELIVERY = {
  /**
   * The longest TeleSign's retries of one event can span, from its first attempt: every attempt's timeout plus
   * the waits between attempts (with {@link EVENT_DELIVERY_DEFAULTS}: 4 × 5 s + 5 + 10 + 15 s = 50 s).
   */
  windowMs:
    EVENT_DELIVERY_DEFAULTS.attempts * EVENT_DELIVERY_DEFAULTS.timeoutMs +
    (EVENT_DELIVERY_DEFAULTS.backoffMs *
      (EVENT_DELIVERY_DEFAULTS.attempts - 1) *
      EVENT_DELIVERY_DEFAULTS.attempts) /
      2,
  /** Answers to copies of one applied event beyond the first answer: TeleSign's retries after the first attempt. */
  maxAnswers: EVENT_DELIVERY_DEFAULTS.attempts - 1,
  /**
   * No action completes sooner than this after it was answered (a prompt has to play, a dial has to ring): an
   * identical event arriving earlier is a copy of the last one, not the action's completion. Milliseconds.
   */
  earliestCompletionMs: 100,
  /**
   * The fastest a TTS prompt is spoken, characters per second (about 250 words a minute; the simulator speaks at
   * {@link SPEAKING_RATE_WPM}): a `speak` that ends with no digits pressed took at least its text's length at
   * this rate — and, when it collects digits, at least its `collect_digits.timeout`.
   */
  fastestSpeechCharsPerSecond: 25,
} as const;

/**
 * `[ours]` Recovery of a lost event: when a call has waited for the completion of its last action longer than that
 * action can take (its bounds below, plus TeleSign's whole retry span, plus a margin), the adapter looks for what
 * it missed — in the Call Query API's event feed where the account has one — and otherwise falls back: it re-sends
 * the awaited prompt (`resends` times), then speaks `closingPrompt` and hangs up. A caller is never left in
 * silence. The adapter's `createVoiceApp({ recovery })` overrides each value.
 */
export const LOST_EVENT_RECOVERY = {
  /** Added to every bound, on top of {@link REDELIVERY.windowMs}. Milliseconds. */
  marginMs: 30_000,
  /**
   * The slowest a TTS prompt is spoken, characters per second: a prompt of n characters ends within n / this
   * seconds (half the simulator's {@link SPEAKING_RATE_WPM}, at about six characters a word).
   */
  slowestSpeechCharsPerSecond: 8,
  /** The longest one `play` URL is assumed to last. Milliseconds. */
  playAllowanceMs: 300_000,
  /** How long a `dial` may ring before `dial_completed` (TeleSign publishes no ring limit). Milliseconds. */
  dialRingLimitMs: 120_000,
  /** Times the awaited prompt is sent again before giving the call up. */
  resends: 1,
  /** Spoken before the adapter hangs up a call it gave up on; `''` hangs up at once. */
  closingPrompt: 'Sorry, we could not continue this call. Goodbye.',
} as const;

/**
 * `[ours]` The `call_completed.data.status` the adapter records (and steps its flow with) for a call it gave up on
 * after hanging it up itself, when TeleSign's own `call_completed` never came.
 */
export const UNCONFIRMED_END_STATUS = 'ended_unconfirmed' as const;

/**
 * `[ours]` A flow that throws while it is stepped (a bug in its code: a prompt function, a guard, a `save`). An
 * input no event awaits — a flow timer, a lookup's outcome — is tried `attempts` times in all (the scheduler's
 * retry spaces them); an event's answer is not retried (the caller hears silence while it waits). Then the adapter
 * ends the call politely: {@link LOST_EVENT_RECOVERY}'s closing prompt (as the event's answer, or sent through the
 * Customer Action API) and `hangup`; the flow ends with `endReason`, and the error is logged once. A store that
 * cannot be reached is not the flow throwing: that is retried until it can.
 */
export const FLOW_FAILURE = {
  /** Attempts at an input no event awaits before the call is ended. */
  attempts: 3,
  /** The `reason` a flow's end hook is given for a call ended this way. */
  endReason: 'flow_failed',
} as const;
