/**
 * Events: what TeleSign POSTs to the customer's event URL, as `{"event", "reference_id", "data"}`.
 *
 * @module
 */
import type { STATUS } from './ours.js';

type ValuesOf<T> = T[keyof T];

/** `dial_completed.data.status`. */
export type DialStatus = ValuesOf<(typeof STATUS)['dial']>;
/** `speak_completed.data.status`. */
export type SpeakStatus = ValuesOf<(typeof STATUS)['speak']>;
/** `play_completed.data.status` (also used by `play_multiple`). */
export type PlayStatus = ValuesOf<(typeof STATUS)['play']>;
/** `call_leg_completed.data.status`. */
export type CallLegStatus = ValuesOf<(typeof STATUS)['callLeg']>;
/** `call_completed.data.status`. */
export type CallCompletedStatus = ValuesOf<(typeof STATUS)['call']>;

/** Fields shared by every event. */
export interface EventEnvelope<E extends string, D> {
  event: E;
  /** The call session's id: shared by every event and action of one call. Opaque. */
  reference_id: string;
  /** The `external_id` given with `dial`, echoed. */
  external_id?: string;
  data: D;
}

/** Someone called one of your numbers. */
export type IncomingCallEvent = EventEnvelope<'incoming_call', { to: string; from: string }>;

/** A dialed leg (an outbound call, or a transfer) was answered or failed. */
export type DialCompletedEvent = EventEnvelope<
  'dial_completed',
  { to: string; from: string; status: DialStatus }
>;

/** A `speak` ended. `collected_digits` is empty when none were pressed. */
export type SpeakCompletedEvent = EventEnvelope<
  'speak_completed',
  { status: SpeakStatus; collected_digits: string; to?: string; from?: string }
>;

/** A `play` (or `play_multiple`) ended. `collected_digits` is empty when none were pressed. */
export type PlayCompletedEvent = EventEnvelope<
  'play_completed',
  { status: PlayStatus; collected_digits: string; to?: string; from?: string }
>;

/** `[ours]` One leg of a bridged call ended while the other is still up. */
export type CallLegCompletedEvent = EventEnvelope<
  'call_leg_completed',
  { to: string; from: string; status: CallLegStatus }
>;

/** The call session ended. Any answer to this event is ignored. */
export type CallCompletedEvent = EventEnvelope<
  'call_completed',
  {
    /** Seconds from answer to end (0 when never answered). */
    duration: number;
    /** UTC with milliseconds and no `Z`: `2026-11-24 10:15:00.123`. See `formatCdrTime`. */
    created_on_utc: string;
    /** Same format; empty when the call was never answered. */
    answered_on_utc: string;
    /** Same format. */
    ended_on_utc: string;
    status: CallCompletedStatus;
    /** The recording's file name; empty when the call was not recorded. */
    audio_recording_file_name: string;
    to: string;
    from: string;
    direction: 'inbound' | 'outbound';
  }
>;

/** Any event, discriminated on `event`. */
export type VoiceEvent =
  | IncomingCallEvent
  | DialCompletedEvent
  | SpeakCompletedEvent
  | PlayCompletedEvent
  | CallLegCompletedEvent
  | CallCompletedEvent;

/** The name of an event. */
export type EventName = VoiceEvent['event'];

/** The event whose name is `E`. */
export type EventOf<E extends EventName> = Extract<VoiceEvent, { event: E }>;

/** Every event name, in one list. */
export const EVENT_NAMES = [
  'incoming_call',
  'dial_completed',
  'speak_completed',
  'play_completed',
  'call_leg_completed',
  'call_completed',
] as const satisfies readonly EventName[];

/**
 * Formats a time the way `call_completed` carries it: UTC, milliseconds, a space between date and time, no `Z`.
 *
 * @example
 * formatCdrTime(Date.UTC(2026, 10, 24, 10, 15, 0, 123)); // '2026-11-24 10:15:00.123'
 */
export function formatCdrTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}
