/**
 * Lost events, as pure rules: how long a call may wait for its awaited action's completion before the runtime
 * looks for what it missed, and the fallback when nothing exact can be found (no Call Query API): send the awaited
 * prompt again, then a closing prompt, then `hangup`, then give the call up. Defaults in `LOST_EVENT_RECOVERY`
 * (`@ivrkit/protocol`'s `ours.ts`).
 *
 * @module
 */
import {
  COLLECT_DIGITS_DEFAULTS,
  type CollectDigits,
  DEFAULT_TTS_LANGUAGE,
  LOST_EVENT_RECOVERY,
  REDELIVERY,
  type VoiceAction,
} from '@ivrkit/protocol';
import type { CallRecord } from './call-record.js';

/**
 * The knobs of lost-event recovery.
 *
 * @example
 * const recovery: RecoveryOptions = { ...LOST_EVENT_RECOVERY, closingPrompt: '' }; // hang up without a word
 */
export interface RecoveryOptions {
  marginMs: number;
  slowestSpeechCharsPerSecond: number;
  playAllowanceMs: number;
  dialRingLimitMs: number;
  resends: number;
  closingPrompt: string;
  /** Language of the closing prompt. Default `DEFAULT_TTS_LANGUAGE`. */
  closingLanguage?: string;
}

/**
 * The defaults.
 *
 * @example
 * const options: RecoveryOptions = { ...DEFAULT_RECOVERY, resends: 0 };
 */
export const DEFAULT_RECOVERY: RecoveryOptions = { ...LOST_EVENT_RECOVERY };

const HANGUP: VoiceAction = { method: 'hangup', params: {} };

/**
 * The longest `action` can take before its completion event, by its own bounds: a prompt's text at the slowest
 * speaking rate (or the play allowance per URL) plus its digit collection's timeouts; a dial's ring limit.
 *
 * @example
 * actionBoundMs({ method: 'speak', params: { tts: { message: 'Hello' } } }, DEFAULT_RECOVERY); // 625
 */
export function actionBoundMs(action: VoiceAction, options: RecoveryOptions): number {
  switch (action.method) {
    case 'speak':
      return (
        Math.ceil((action.params.tts.message.length / options.slowestSpeechCharsPerSecond) * 1000) +
        collectBoundMs(action.params.collect_digits)
      );
    case 'play':
      return options.playAllowanceMs + collectBoundMs(action.params.collect_digits);
    case 'play_multiple':
      return (
        options.playAllowanceMs * action.params.urls.length + collectBoundMs(action.params.collect_digits)
      );
    case 'dial':
      return options.dialRingLimitMs;
    default:
      return 0;
  }
}

function collectBoundMs(collect: CollectDigits | undefined): number {
  if (!collect) return 0;
  const first = collect.timeout ?? COLLECT_DIGITS_DEFAULTS.timeout;
  const between = collect.inter_digit_timeout ?? COLLECT_DIGITS_DEFAULTS.inter_digit_timeout;
  return first + between * Math.max(0, collect.max - 1);
}

/**
 * When the call's awaited completion counts as lost: the action's bound, TeleSign's whole retry span and the
 * margin after it was answered. A call whose flow is done but whose `call_completed` has not come (the flow hung
 * up, and gave up waiting for it) counts as lost the retry span and the margin after the flow's last step.
 * `undefined` when the call awaits nothing (it ended, or it waits on its flow: a lookup, a timer, a bridge).
 *
 * @example
 * await scheduler.arm(id, watchdogAt(record, DEFAULT_RECOVERY));
 */
export function watchdogAt(
  record: CallRecord,
  options: RecoveryOptions,
  redeliveryWindowMs = REDELIVERY.windowMs,
): number | undefined {
  if (record.ended) return undefined;
  const awaited = record.awaited;
  if (awaited)
    return awaited.at + actionBoundMs(awaited.action, options) + redeliveryWindowMs + options.marginMs;
  // A flow that is done (it hung up, and waited its grace) awaits only `call_completed`: give it as long again.
  if (record.flow_done) return record.updated_at + redeliveryWindowMs + options.marginMs;
  return undefined;
}

/**
 * One step of the fallback: `resend` the awaited prompt, speak the `closing` prompt, `hangup`, or `end` (give the
 * call up as ended, TeleSign's `call_completed` never having come).
 *
 * @example
 * const step: RecoveryStep = { kind: 'hangup', action: { method: 'hangup', params: {} } };
 */
export type RecoveryStep =
  | { kind: 'resend' | 'closing' | 'hangup'; action: VoiceAction }
  | { kind: 'end'; action?: undefined };

/**
 * The next fallback step for a call whose awaited completion is lost, after `refused` steps were refused by
 * TeleSign (an action refused means the call cannot take it: the next step is tried at once). A call whose flow
 * is done gets no prompt: `hangup` (refused when the call did end), then `end`.
 *
 * @example
 * nextRecoveryStep(record, DEFAULT_RECOVERY); // { kind: 'resend', action: <the awaited prompt> }
 */
export function nextRecoveryStep(
  record: CallRecord,
  options: RecoveryOptions,
  refused: ReadonlySet<RecoveryStep['kind']> = new Set(),
): RecoveryStep {
  const stage = record.recovery ?? null;
  const awaited = record.awaited;
  // A flow that is done says nothing more: the call is hung up (again) and given up.
  const speaks = stage === null && !record.flow_done;
  if (
    speaks &&
    !refused.has('resend') &&
    awaited &&
    isPrompt(awaited.action) &&
    awaited.resent < options.resends
  ) {
    return { kind: 'resend', action: awaited.action };
  }
  if (speaks && !refused.has('closing') && options.closingPrompt !== '') {
    return { kind: 'closing', action: closingAction(options) };
  }
  if (stage !== 'hung_up' && !refused.has('hangup')) return { kind: 'hangup', action: HANGUP };
  return { kind: 'end' };
}

/**
 * The closing prompt of a call the runtime ends itself (`options.closingPrompt`, which must not be `''`).
 *
 * @example
 * closingAction(DEFAULT_RECOVERY); // { method: 'speak', params: { tts: { message: 'Sorry, …', language: 'en-US' } } }
 */
export function closingAction(options: RecoveryOptions): VoiceAction {
  return {
    method: 'speak',
    params: {
      tts: { message: options.closingPrompt, language: options.closingLanguage ?? DEFAULT_TTS_LANGUAGE },
    },
  };
}

/**
 * The record after a fallback step was decided at `now` (written before the step's action is sent).
 *
 * @example
 * const next = recordAfterRecoveryStep(record, step, Date.now());
 */
export function recordAfterRecoveryStep(record: CallRecord, step: RecoveryStep, now: number): CallRecord {
  switch (step.kind) {
    case 'resend':
      return {
        ...record,
        updated_at: now,
        awaited: { action: step.action, at: now, resent: (record.awaited?.resent ?? 0) + 1 },
      };
    case 'closing':
      return {
        ...record,
        updated_at: now,
        recovery: 'closing',
        awaiting: ['speak_completed'],
        awaited: { action: step.action, at: now, resent: 0 },
      };
    case 'hangup':
      return {
        ...record,
        updated_at: now,
        recovery: 'hung_up',
        awaiting: [],
        awaited: { action: step.action, at: now, resent: 0 },
      };
    case 'end':
      return record;
  }
}

function isPrompt(action: VoiceAction): boolean {
  return action.method === 'speak' || action.method === 'play' || action.method === 'play_multiple';
}
