import { EVENT_NAMES, type EventName, type VoiceEvent } from '../events.js';
import { STATUS } from '../ours.js';
import { fail, Invalid, integer, object, oneOf, optional, string } from './checks.js';
import { type ParseResult, ProtocolValidationError } from './issue.js';
import { type JsonLimits, parseJsonBody } from './json.js';
import { CDR_TIME_RULE, COLLECTED_DIGITS_RULE, EVENT_NUMBER_RULE, ID_RULE } from './patterns.js';

/**
 * Checks an untrusted value (parsed JSON) as a {@link VoiceEvent}. An event name this package does not know gives
 * an issue with code `unknown_event` (and the `reference_id` when readable): TeleSign may add events, so accept and
 * log those rather than refuse them. Unknown extra fields are kept.
 *
 * @example
 * const result = parseEvent({ event: 'incoming_call', reference_id: 'abc', data: { to: '15555551212', from: '15558675309' } });
 * if (result.ok && result.value.event === 'incoming_call') console.log(result.value.data.from);
 */
export function parseEvent(value: unknown): ParseResult<VoiceEvent> {
  try {
    return { ok: true, value: checkEvent(value) };
  } catch (error) {
    if (error instanceof Invalid) {
      const referenceId = readableReferenceId(value);
      if (referenceId !== undefined) error.issue.referenceId = referenceId;
      return { ok: false, issue: error.issue };
    }
    throw error;
  }
}

/**
 * Parses a raw event body (JSON text), within the size and depth limits.
 *
 * @example
 * const result = parseEventJson(await request.text());
 */
export function parseEventJson(text: string, limits?: JsonLimits): ParseResult<VoiceEvent> {
  const json = parseJsonBody(text, limits);
  return json.ok ? parseEvent(json.value) : json;
}

/**
 * Like {@link parseEvent}, but returns the event or throws {@link ProtocolValidationError}.
 *
 * @example
 * const event = assertEvent(JSON.parse(body));
 */
export function assertEvent(value: unknown): VoiceEvent {
  const result = parseEvent(value);
  if (!result.ok) throw new ProtocolValidationError(result.issue);
  return result.value;
}

function checkEvent(value: unknown): VoiceEvent {
  const event = object(value, '');
  const name = event.event;
  string(event.reference_id, 'reference_id', ID_RULE);
  if (typeof name !== 'string' || !(EVENT_NAMES as readonly string[]).includes(name)) {
    fail('event', `one of ${EVENT_NAMES.map((e) => `"${e}"`).join(', ')}`, name, undefined, 'unknown_event');
  }
  optional(event.external_id, (v) => string(v, 'external_id', ID_RULE));
  DATA_CHECKS[name as EventName](object(event.data, 'data'));
  return event as unknown as VoiceEvent;
}

// Built once: the parsers run on every webhook.
const STATUSES = {
  dial: Object.values(STATUS.dial),
  speak: Object.values(STATUS.speak),
  play: Object.values(STATUS.play),
  callLeg: Object.values(STATUS.callLeg),
  call: Object.values(STATUS.call),
  direction: ['inbound', 'outbound'] as const,
};

const number = (value: unknown, path: string) => string(value, path, EVENT_NUMBER_RULE);

const DATA_CHECKS: Record<EventName, (data: Record<string, unknown>) => void> = {
  incoming_call(data) {
    number(data.to, 'data.to');
    number(data.from, 'data.from');
  },
  dial_completed(data) {
    number(data.to, 'data.to');
    number(data.from, 'data.from');
    oneOf(data.status, 'data.status', STATUSES.dial);
  },
  speak_completed(data) {
    oneOf(data.status, 'data.status', STATUSES.speak);
    string(data.collected_digits, 'data.collected_digits', COLLECTED_DIGITS_RULE);
    optional(data.to, (v) => number(v, 'data.to'));
    optional(data.from, (v) => number(v, 'data.from'));
  },
  play_completed(data) {
    oneOf(data.status, 'data.status', STATUSES.play);
    string(data.collected_digits, 'data.collected_digits', COLLECTED_DIGITS_RULE);
    optional(data.to, (v) => number(v, 'data.to'));
    optional(data.from, (v) => number(v, 'data.from'));
  },
  call_leg_completed(data) {
    number(data.to, 'data.to');
    number(data.from, 'data.from');
    oneOf(data.status, 'data.status', STATUSES.callLeg);
  },
  call_completed(data) {
    integer(data.duration, 'data.duration', 0, Number.MAX_SAFE_INTEGER);
    string(data.created_on_utc, 'data.created_on_utc', CDR_TIME_RULE);
    string(data.answered_on_utc, 'data.answered_on_utc', CDR_TIME_RULE);
    string(data.ended_on_utc, 'data.ended_on_utc', CDR_TIME_RULE);
    oneOf(data.status, 'data.status', STATUSES.call);
    string(data.audio_recording_file_name, 'data.audio_recording_file_name', { min: 0, max: 1024 });
    number(data.to, 'data.to');
    number(data.from, 'data.from');
    oneOf(data.direction, 'data.direction', STATUSES.direction);
  },
};

function readableReferenceId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as Record<string, unknown>).reference_id;
  return typeof id === 'string' && id.length > 0 && id.length <= ID_RULE.max ? id : undefined;
}
