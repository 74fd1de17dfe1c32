/**
 * The cassette: a recorded exchange between TeleSign and a flow — per call, each event that came in and the
 * actions that went out (in the event's answer, or sent later through the Customer Action API). Plain JSON.
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';

/**
 * The format tag of {@link Cassette}.
 *
 * @example
 * cassette.format === CASSETTE_FORMAT; // 'ivrkit-cassette/1'
 */
export const CASSETTE_FORMAT = 'ivrkit-cassette/1';

/**
 * One entry of a recorded call: an event and the actions that answered it, or actions sent outside any answer
 * (after a slow lookup, a timer).
 *
 * @example
 * const e1: CassetteEntry = { at: 0, event: incomingCall, actions: [{ method: 'speak', params: { tts: { message: 'Hi' } } }] };
 * const e2: CassetteEntry = { at: 1_500, actions: [{ method: 'hangup', params: {} }] };
 */
export interface CassetteEntry {
  /** Epoch ms when it happened (the recorder's clock). */
  at: number;
  /** The event delivered; absent for actions sent on their own. */
  event?: VoiceEvent;
  /** Actions out: the answer to `event`, or what was sent. */
  actions: VoiceAction[];
}

/**
 * One call of a cassette.
 *
 * @example
 * const call: CassetteCall = { reference_id: 'A1', entries: [] };
 */
export interface CassetteCall {
  reference_id: string;
  entries: CassetteEntry[];
}

/**
 * A cassette.
 *
 * @example
 * const cassette: Cassette = { format: CASSETTE_FORMAT, flow: { id: 'bank-phone-tree', version: 1 }, calls: [] };
 * writeFileSync('calls.cassette.json', JSON.stringify(cassette, null, 2));
 */
export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  /** The flow that was recorded, when known. */
  flow?: { id: string; version: number };
  calls: CassetteCall[];
}

/**
 * A file that is not a cassette.
 *
 * @example
 * try { parseCassette({}); } catch (e) { if (e instanceof CassetteFormatError) console.error(e.message); }
 */
export class CassetteFormatError extends Error {
  override readonly name = 'CassetteFormatError';
}

/**
 * Checks parsed JSON is a cassette (shape only: events and actions are kept as recorded).
 *
 * @example
 * const cassette = parseCassette(JSON.parse(readFileSync('calls.cassette.json', 'utf8')));
 */
export function parseCassette(value: unknown): Cassette {
  const fail = (why: string): never => {
    throw new CassetteFormatError(`not an ivrkit cassette: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('expected an object');
  const candidate = value as Partial<Cassette>;
  if (candidate.format !== CASSETTE_FORMAT) return fail(`format: expected "${CASSETTE_FORMAT}"`);
  if (!Array.isArray(candidate.calls)) return fail('calls: expected an array');
  candidate.calls.forEach((call, i) => {
    if (typeof call?.reference_id !== 'string') fail(`calls[${i}].reference_id: expected a string`);
    if (!Array.isArray(call.entries)) fail(`calls[${i}].entries: expected an array`);
    call.entries.forEach((entry, j) => {
      if (typeof entry?.at !== 'number') fail(`calls[${i}].entries[${j}].at: expected a number`);
      if (!Array.isArray(entry.actions)) fail(`calls[${i}].entries[${j}].actions: expected an array`);
    });
  });
  return candidate as Cassette;
}
