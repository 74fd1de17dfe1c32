/**
 * Whether an input may be applied to a call: pure rules on the stored record. (Duplicates can need the Call
 * Query API — see `RepeatResolver` — so that part lives in the runtime; its fallback rule is here.)
 *
 * @module
 */
import { ANYTIME_EVENTS, type CallRecord } from './call-record.js';
import { type FlowInput, isVoiceEventInput } from './flow-engine.js';

/**
 * `'stale'` when the input must not be applied: anything after the call ended; an event the call's last action
 * does not wait for (other than `call_completed` / `call_leg_completed`); a timer before its deadline; the result
 * of a lookup the call no longer waits for.
 *
 * @example
 * staleReason(record, { type: 'timer' }, Date.now()); // 'stale' when no deadline has passed
 */
export function staleReason(record: CallRecord, input: FlowInput, now: number): 'stale' | undefined {
  if (record.ended) return 'stale';
  if (isVoiceEventInput(input)) {
    const outOfTurn =
      record.awaiting !== null && !ANYTIME_EVENTS.has(input.event) && !record.awaiting.includes(input.event);
    return outOfTurn ? 'stale' : undefined;
  }
  if (input.type === 'timer') return record.deadline !== null && record.deadline <= now ? undefined : 'stale';
  return record.pending_lookups.some((l) => l.id === input.id) ? undefined : 'stale';
}

/**
 * The fallback duplicate rule: the event repeats the last applied one, within `windowMs` of it.
 *
 * @example
 * withinDuplicateWindow(record, eventFingerprint(event), Date.now(), 2_000);
 */
export function withinDuplicateWindow(
  record: CallRecord,
  fingerprint: string,
  now: number,
  windowMs: number,
): boolean {
  const seen = record.replies.find((entry) => entry.fingerprint === fingerprint);
  return seen !== undefined && record.last_fingerprint === fingerprint && now - seen.at <= windowMs;
}
