/**
 * Whether an input may be applied to a call: pure rules on the stored record — the delivery model of
 * ARCHITECTURE.md ("Delivery model"). TeleSign's events carry no id or sequence, so an event is known by its content
 * (its fingerprint) and by what the call waits for.
 *
 * @module
 */
import { COLLECT_DIGITS_DEFAULTS, STATUS, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import { ANYTIME_EVENTS, type CallRecord } from './call-record.js';
import { type FlowInput, isVoiceEventInput } from './flow-engine.js';

/**
 * The knobs of the delivery model; defaults in `REDELIVERY` (`@ivrkit/protocol`'s `ours.ts`).
 *
 * @example
 * const rules: DeliveryRules = { ...REDELIVERY };
 */
export interface DeliveryRules {
  /** A copy of an applied event is answered again only this long after it was applied. Milliseconds. */
  windowMs: number;
  /** At most this many copies of one applied event are answered again. */
  maxAnswers: number;
  /** No action completes sooner than this after it was answered. Milliseconds. */
  earliestCompletionMs: number;
  /** A prompt ending without digits took at least its text at this rate (and its collect timeout). */
  fastestSpeechCharsPerSecond: number;
}

/**
 * What to do with an event: `apply` it (step the flow), answer it as a `redelivery` of the last applied event
 * (with the answer given then, without stepping), or refuse it as `stale`.
 *
 * @example
 * const verdict: EventVerdict = classifyEvent(record, event, fingerprint, Date.now(), REDELIVERY);
 */
export type EventVerdict = 'apply' | 'redelivery' | 'stale';

/**
 * Classifies an event against the call's record. In order:
 * 1. after the call ended: `stale`;
 * 2. identical to the last applied event, and not something the awaited action could have produced by now (its
 *    shape, and its earliest completion): `redelivery` while TeleSign could still be retrying it (`windowMs`,
 *    `maxAnswers`), else `stale`;
 * 3. an anytime event, the first event of a call, or an event the awaited action can produce: `apply`;
 * 4. anything else is out of turn: `stale`.
 *
 * Time only separates an event from a copy of the last one: a different event is judged by its shape alone.
 * `known` overrides step 2 when something exact (the Call Query API's feed) settled whether the event is new.
 *
 * @example
 * classifyEvent(record, event, eventFingerprint(event), Date.now(), REDELIVERY); // 'apply'
 */
export function classifyEvent(
  record: CallRecord,
  event: VoiceEvent,
  fingerprint: string,
  now: number,
  rules: DeliveryRules,
  known?: 'new' | 'duplicate',
): EventVerdict {
  if (record.ended) return 'stale';
  const repeatsLast = record.last_fingerprint === fingerprint;
  if (known === 'new') return fitsTurn(record, event, false) ? 'apply' : 'stale';
  const fits = fitsTurn(record, event, true);
  const copy =
    known === 'duplicate' ||
    (repeatsLast &&
      // An anytime event (a leg ending) identical to the one just applied is its copy.
      (ANYTIME_EVENTS.has(event.event) || !fits || !completedByNow(record, event, now, rules)));
  if (!copy) return fits ? 'apply' : 'stale';
  const applied = record.replies.find((entry) => entry.fingerprint === fingerprint);
  if (!applied || !repeatsLast) return 'stale';
  const fresh = now - applied.at <= rules.windowMs && (applied.reanswered ?? 0) < rules.maxAnswers;
  return fresh ? 'redelivery' : 'stale';
}

/** The event is one the call can take now: anytime, first, or of a kind (and shape) the awaited action produces. */
function fitsTurn(record: CallRecord, event: VoiceEvent, shape: boolean): boolean {
  if (ANYTIME_EVENTS.has(event.event)) return true;
  if (record.awaiting === null) return true;
  if (!record.awaiting.includes(event.event)) return false;
  const awaited = record.awaited;
  return !awaited || !shape || couldProduce(awaited.action, event);
}

/** The awaited action could have ended with `event` by `now` (see {@link couldComplete}). */
function completedByNow(record: CallRecord, event: VoiceEvent, now: number, rules: DeliveryRules): boolean {
  const awaited = record.awaited;
  return !awaited || couldComplete(awaited.action, event, now - awaited.at, rules);
}

/**
 * Whether `action` can end with `event`: digits only where it collects them, and at most `max` of them.
 *
 * @example
 * couldProduce({ method: 'speak', params: { tts: { message: 'Bye.' } } }, speakCompletedWithDigits('1')); // false
 */
export function couldProduce(action: VoiceAction, event: VoiceEvent): boolean {
  if (event.event !== 'speak_completed' && event.event !== 'play_completed') return true;
  if (action.method !== 'speak' && action.method !== 'play' && action.method !== 'play_multiple') return true;
  const collect = action.params.collect_digits;
  const digits = event.data.collected_digits;
  return digits === '' || (collect !== undefined && digits.length <= collect.max);
}

/**
 * Whether `event` can be the completion of `action`, `elapsedMs` after the action was answered: an event it can
 * produce (digits only where it collects them, at most `max` of them), and no sooner than it can take — any action
 * at least `earliestCompletionMs`; a prompt that ended successfully with no digits at least its text at the fastest
 * speaking rate and its `collect_digits.timeout` (counted from the prompt's end, `[ours]`; the longer of the two is
 * used, which holds however TeleSign counts it); one that ended with fewer digits than its `max` at least its
 * `inter_digit_timeout`. Digits can cut a prompt short at any moment.
 *
 * @example
 * couldComplete(menuPrompt, speakCompletedWithDigits('1'), 2_000, REDELIVERY); // true
 */
export function couldComplete(
  action: VoiceAction,
  event: VoiceEvent,
  elapsedMs: number,
  rules: Pick<DeliveryRules, 'earliestCompletionMs' | 'fastestSpeechCharsPerSecond'>,
): boolean {
  if (elapsedMs < rules.earliestCompletionMs || !couldProduce(action, event)) return false;
  if (event.event !== 'speak_completed' && event.event !== 'play_completed') return true;
  if (action.method !== 'speak' && action.method !== 'play' && action.method !== 'play_multiple') return true;
  const collect = action.params.collect_digits;
  const digits = event.data.collected_digits;
  // Fewer digits than it collects: the prompt waited its inter-digit timeout after the last one.
  if (digits !== '') {
    return (
      collect === undefined ||
      digits.length >= collect.max ||
      elapsedMs >= (collect.inter_digit_timeout ?? COLLECT_DIGITS_DEFAULTS.inter_digit_timeout)
    );
  }
  const successful =
    event.data.status === STATUS.speak.successful || event.data.status === STATUS.play.successful;
  if (!successful) return true;
  const spoken =
    action.method === 'speak'
      ? (action.params.tts.message.length / rules.fastestSpeechCharsPerSecond) * 1000
      : 0;
  const waited = collect ? (collect.timeout ?? COLLECT_DIGITS_DEFAULTS.timeout) : 0;
  return elapsedMs >= Math.max(spoken, waited);
}

/**
 * `'stale'` when an input that is not an event must not be applied: anything after the call ended, a timer before
 * its deadline, the result of a lookup the call no longer waits for. Events: see {@link classifyEvent}.
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
