/**
 * What the runtime stores per call (under `call:<reference_id>`): the flow's snapshot plus what it needs to apply
 * events exactly once and in order, to survive a restart, and to report the call's outcome.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { ActionMethod, EventName, VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import type { Json } from '../store/store.js';
import type { LookupRequest } from './flow-engine.js';

/**
 * The outcome-relevant facts of a call, gathered from its events.
 *
 * @example
 * const summary: CallSummary | undefined = (await app.runtime.get(referenceId))?.summary;
 * summary?.digits; // ['1', '12345678']
 */
export interface CallSummary {
  reference_id: string;
  direction: 'inbound' | 'outbound' | null;
  /** The other party: the caller (inbound) or the callee (outbound). */
  number: string | null;
  /** `dial_completed.data.status` for an outbound call. */
  dial_status: string | null;
  /** `call_completed.data.status`. */
  call_status: string | null;
  /** Every non-empty `collected_digits`, in order. */
  digits: string[];
  /** `call_completed.data.duration`, seconds. */
  duration: number | null;
  external_id: string | null;
  /** Epoch ms the runtime first saw the call, and saw it end. */
  started_at: number;
  ended_at: number | null;
  /** Free-form tags set by whoever created the call (a campaign's id and row). */
  tags: Record<string, string>;
}

/**
 * The stored state of one call.
 *
 * @example
 * const record: CallRecord | undefined = await app.runtime.get(referenceId);
 * if (record?.ended) console.log(record.summary);
 */
export interface CallRecord {
  reference_id: string;
  flow: string;
  /** The flow snapshot; `null` before the first step. */
  snapshot: Json;
  /** The call ended (`call_completed` applied). Later events are stale. */
  ended: boolean;
  /** The flow reached its end. */
  flow_done: boolean;
  /**
   * The events the last action waits for (`speak` → `speak_completed`); `null` before any action. An event not in
   * it (other than `call_completed` and `call_leg_completed`, which may come at any time) is stale: a late duplicate of an earlier prompt's answer, say.
   */
  awaiting: EventName[] | null;
  /**
   * Applied events by fingerprint — how many times an event with this content was applied, when last, and the
   * answer given — so that a duplicate gets the same answer. Oldest first, at most 64.
   */
  replies: AppliedEvent[];
  /** The fingerprint of the last applied event. */
  last_fingerprint: string | null;
  /**
   * The last action the call waits on (a prompt, a dial), when it was answered or sent, and how often the runtime
   * sent it again to recover a lost event; `null` when the call waits for no action's completion. Absent in
   * records written before it existed (read as `null`).
   */
  awaited?: AwaitedAction | null;
  /**
   * Where the runtime is in giving up a call whose events were lost: `'closing'` (the closing prompt was sent),
   * `'hung_up'` (our `hangup` was sent); `null` while the flow drives the call.
   */
  recovery?: 'closing' | 'hung_up' | null;
  /**
   * Times in a row the flow threw on an input no event awaits (a timer, a lookup's outcome); absent once a step
   * succeeds. Bounded by `FLOW_FAILURE.attempts`, after which the call is ended (`flow-failure.ts`).
   */
  flow_failures?: number;
  /** Lookups started and not yet stepped back in. */
  pending_lookups: Array<LookupRequest & { started_at: number }>;
  /** When to step the flow with a timer; `null` for none. */
  deadline: number | null;
  summary: CallSummary;
  updated_at: number;
}

/**
 * The action a call waits on.
 *
 * @example
 * const awaited: AwaitedAction = { action: { method: 'speak', params: { tts: { message: 'Hi' } } }, at: Date.now(), resent: 0 };
 */
export interface AwaitedAction {
  action: VoiceAction;
  /** When it was answered or sent, epoch ms. */
  at: number;
  /** Times it was sent again because its completion seemed lost. */
  resent: number;
}

/**
 * One remembered applied event.
 *
 * @example
 * const applied: AppliedEvent | undefined = record.replies.find((r) => r.fingerprint === eventFingerprint(event));
 */
export interface AppliedEvent {
  fingerprint: string;
  /** Events with this content applied so far (two prompts in a row can end with identical events). */
  count: number;
  /** When the last of them was applied, epoch ms. */
  at: number;
  /** The answer to the last of them. */
  actions: VoiceAction[];
  /** Copies of the last of them answered again as redeliveries (bounded by `REDELIVERY.maxAnswers`). */
  reanswered?: number;
}

/**
 * Events that can come whatever the call is doing.
 *
 * @example
 * ANYTIME_EVENTS.has('call_completed'); // true
 */
export const ANYTIME_EVENTS: ReadonlySet<EventName> = new Set(['call_completed', 'call_leg_completed']);

/**
 * How many replies are remembered per call for duplicate detection.
 *
 * @example
 * record.replies.length <= REMEMBERED_REPLIES; // true
 */
export const REMEMBERED_REPLIES = 64;

/**
 * The store key of a call.
 *
 * @example
 * await store.get(callKey('abc')); // the record of call abc
 */
export function callKey(referenceId: string): string {
  return `call:${referenceId}`;
}

/**
 * A fingerprint of an event: equal for two deliveries of the same event, different for two different events.
 *
 * @example
 * eventFingerprint(event) === eventFingerprint(JSON.parse(JSON.stringify(event))); // true
 */
export function eventFingerprint(event: VoiceEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('base64url').slice(0, 22);
}

/**
 * JSON with object keys in code-unit order and `undefined` members left out, so that two deliveries of one event
 * serialize alike whatever their key order. Built by concatenation: it runs on every event.
 */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** The events an action is answered by. */
const ANSWERED_BY: Record<ActionMethod, EventName[] | null> = {
  speak: ['speak_completed'],
  play: ['play_completed'],
  play_multiple: ['play_completed'],
  dial: ['dial_completed'],
  hangup: [],
  // No completion event is documented for send_dtmf: anything may follow.
  send_dtmf: null,
};

/**
 * The last action of `actions` that waits for an event of its own (a prompt, a dial), if that is the last action.
 *
 * @example
 * awaitedActionOf([{ method: 'speak', params: { tts: { message: 'Hi' } } }]); // the speak
 */
export function awaitedActionOf(actions: readonly VoiceAction[]): VoiceAction | undefined {
  const last = actions.at(-1);
  return last && (ANSWERED_BY[last.method]?.length ?? 0) > 0 ? last : undefined;
}

/**
 * The events the call waits for after `actions` (the last one counts); `[]` when only the anytime events can come.
 *
 * @example
 * awaitedAfter([{ method: 'speak', params: { tts: { message: 'Hi' } } }]); // ['speak_completed']
 */
export function awaitedAfter(actions: readonly VoiceAction[]): EventName[] | null {
  const last = actions.at(-1);
  return last ? ANSWERED_BY[last.method] : [];
}

/**
 * A new record for a call the runtime has not seen.
 *
 * @example
 * const record = newCallRecord('abc', 'bank@1', Date.now());
 */
export function newCallRecord(referenceId: string, flow: string, now: number): CallRecord {
  return {
    reference_id: referenceId,
    flow,
    snapshot: null,
    ended: false,
    flow_done: false,
    awaiting: null,
    replies: [],
    last_fingerprint: null,
    awaited: null,
    recovery: null,
    pending_lookups: [],
    deadline: null,
    summary: {
      reference_id: referenceId,
      direction: null,
      number: null,
      dial_status: null,
      call_status: null,
      digits: [],
      duration: null,
      external_id: null,
      started_at: now,
      ended_at: null,
      tags: {},
    },
    updated_at: now,
  };
}

/**
 * Folds an event's facts into the summary (returns a new summary).
 *
 * @example
 * const summary = observeEvent(record.summary, event, Date.now());
 */
export function observeEvent(summary: CallSummary, event: VoiceEvent, now: number): CallSummary {
  const next: CallSummary = { ...summary, digits: [...summary.digits] };
  if (event.external_id !== undefined) next.external_id = event.external_id;
  switch (event.event) {
    case 'incoming_call':
      next.direction = 'inbound';
      next.number = event.data.from;
      break;
    case 'dial_completed':
      if (next.direction === null) {
        next.direction = 'outbound';
        next.number = event.data.to;
      }
      next.dial_status ??= event.data.status;
      break;
    case 'speak_completed':
    case 'play_completed':
      if (event.data.collected_digits !== '') next.digits.push(event.data.collected_digits);
      break;
    case 'call_completed':
      next.call_status = event.data.status;
      next.duration = event.data.duration;
      next.direction ??= event.data.direction;
      next.number ??= event.data.direction === 'inbound' ? event.data.from : event.data.to;
      next.ended_at = now;
      break;
    case 'call_leg_completed':
      break;
  }
  return next;
}

/**
 * Remembers an applied event (or only its answer, with `count: 0`), forgetting the oldest beyond the limit.
 *
 * @example
 * record.replies = rememberReply(record.replies, eventFingerprint(event), actions, Date.now());
 */
export function rememberReply(
  replies: readonly AppliedEvent[],
  fingerprint: string,
  actions: VoiceAction[],
  now: number,
  count: 0 | 1 = 1,
): AppliedEvent[] {
  const previous = replies.find((entry) => entry.fingerprint === fingerprint);
  const next = replies.filter((entry) => entry.fingerprint !== fingerprint);
  next.push({
    fingerprint,
    count: (previous?.count ?? 0) + count,
    at: count ? now : (previous?.at ?? now),
    actions,
  });
  return next.slice(-REMEMBERED_REPLIES);
}
