/**
 * The call detail record `call_completed` carries (docs/protocol.md, *Events*): duration in whole seconds from answer to end,
 * times in `formatCdrTime`'s format (empty when never answered), status, recording file name, parties, direction.
 *
 * @module
 */
import { type CallCompletedEvent, formatCdrTime } from '@ivrkit/protocol';
import type { SimCall } from './call.js';

/**
 * `[sim]` The file name of a call's simulated recording.
 *
 * @example
 * recordingFileName(call); // 'A16064AC5FDD6966C0A1C99E9E1C3A3B.wav'
 */
export function recordingFileName(call: SimCall): string {
  return `${call.referenceId}.wav`;
}

/**
 * `call_completed.data` for an ended call (`endedAt` and `status` set).
 *
 * @example
 * callCompletedData(call); // { duration: 7, created_on_utc: '2026-01-01 00:00:00.000', …, direction: 'inbound' }
 */
export function callCompletedData(call: SimCall): CallCompletedEvent['data'] {
  const answered = call.answeredAt;
  const ended = call.endedAt ?? call.createdAt;
  return {
    duration: answered === undefined ? 0 : Math.round((ended - answered) / 1000),
    created_on_utc: formatCdrTime(call.createdAt),
    answered_on_utc: answered === undefined ? '' : formatCdrTime(answered),
    ended_on_utc: formatCdrTime(ended),
    status: call.status ?? 'hangup',
    audio_recording_file_name: call.recording && answered !== undefined ? recordingFileName(call) : '',
    to: call.to,
    from: call.from,
    direction: call.direction,
  };
}
