/**
 * Simulated call recordings (reference §7). A call records when recording is on (simulator-wide or per call);
 * its record is `recording` while the call is up, `available` after, `deleted` once deleted. The simulator
 * serves a short silent WAV for each under its control path: it never records audio.
 *
 * @module
 */
import { formatCdrTime, PATHS } from '@ivrkit/protocol';
import type { SimCall } from '../engine/call.js';
import { recordingFileName } from '../engine/cdr.js';

/**
 * One recording, as the Recordings API answers it.
 *
 * @example
 * const record = (await (await sim.fetch(getRecording)).json()) as RecordingRecord;
 */
export interface RecordingRecord {
  reference_id: string;
  file_name: string;
  status: 'recording' | 'available' | 'deleted';
  /** When the call started, formatted like `call_completed`'s times. */
  date: string;
  url: string;
}

/**
 * The recording record of `call`, or `undefined` when it is not recorded.
 *
 * @example
 * const record = recordingOf(call, new Set(), 'http://127.0.0.1:8787');
 */
export function recordingOf(
  call: SimCall,
  deleted: ReadonlySet<string>,
  origin: string,
): RecordingRecord | undefined {
  if (!call.recording || call.answeredAt === undefined) return undefined;
  const fileName = recordingFileName(call);
  return {
    reference_id: call.referenceId,
    file_name: fileName,
    status: deleted.has(call.referenceId)
      ? 'deleted'
      : call.endedAt === undefined
        ? 'recording'
        : 'available',
    date: formatCdrTime(call.createdAt),
    url: `${origin}${PATHS.simulatorControl}/recordings/${fileName}`,
  };
}

/**
 * One second of 8 kHz, 8-bit mono silence as a WAV file: what a simulated recording sounds like.
 *
 * @example
 * new Response(silentWav(), { headers: { 'Content-Type': 'audio/wav' } });
 */
export function silentWav(): Uint8Array<ArrayBuffer> {
  const samples = 8_000;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8_000, true);
  view.setUint32(28, 8_000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(128, 44);
  return bytes;
}
