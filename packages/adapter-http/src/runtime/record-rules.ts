/**
 * The pure rules of a call's record: how one applied input turns the stored record into the next one, and when the
 * record next needs attention. No I/O and no clock: the runtime (`runtime-core.ts`) reads, calls these, writes.
 *
 * @module
 */
import { isAllowedReply, type VoiceAction } from '@ivrkit/protocol';
import type { Json } from '../store/store.js';
import {
  ANYTIME_EVENTS,
  awaitedActionOf,
  awaitedAfter,
  type CallRecord,
  observeEvent,
  rememberReply,
} from './call-record.js';
import { type FlowInput, isVoiceEventInput, type StepOutput } from './flow-engine.js';
import { type RecoveryOptions, watchdogAt } from './recovery-rules.js';

/**
 * The record after `input` was stepped to `output`, and the lookups the step cancels.
 *
 * @example
 * const { record: next, cancelled } = recordAfterStep(record, event, output, { now, fingerprint });
 */
export function recordAfterStep(
  record: CallRecord,
  input: FlowInput,
  output: StepOutput,
  options: { now: number; fingerprint?: string | undefined },
): { record: CallRecord; cancelled: Set<string> } {
  const { now, fingerprint } = options;
  const cancelled = new Set(output.cancelLookups ?? []);
  if (output.done) for (const l of record.pending_lookups) cancelled.add(l.id);
  // A step that succeeds ends a run of the flow's failures (`flow-failure.ts`).
  const { flow_failures: _failures, ...kept } = record;
  const next: CallRecord = {
    ...kept,
    snapshot: (output.snapshot ?? null) as Json,
    flow_done: output.done,
    deadline: output.nextDeadline ?? null,
    updated_at: now,
    pending_lookups: [
      ...record.pending_lookups.filter((l) => !('id' in input && l.id === input.id) && !cancelled.has(l.id)),
      ...output.lookups.map((l) => ({ ...l, started_at: now })),
    ],
  };
  if (isVoiceEventInput(input)) {
    next.summary = observeEvent(record.summary, input, now);
    if (input.event === 'call_completed') {
      next.ended = true;
      next.deadline = null;
    }
  }
  if (output.actions.length > 0 || isVoiceEventInput(input)) {
    // An event consumed with no action leaves the call waiting for nothing but the anytime events.
    if (!(isVoiceEventInput(input) && ANYTIME_EVENTS.has(input.event) && output.actions.length === 0)) {
      next.awaiting = awaitedAfter(output.actions);
      const action = awaitedActionOf(output.actions);
      next.awaited = action ? { action, at: now, resent: 0 } : null;
    }
  }
  if (fingerprint) {
    next.replies = rememberReply(record.replies, fingerprint, output.actions, now);
    next.last_fingerprint = fingerprint;
  }
  return { record: next, cancelled };
}

/**
 * The actions of `actions` TeleSign does not allow after the event `input` (none for other inputs).
 *
 * @example
 * disallowedReplies(callCompletedEvent, [{ method: 'hangup', params: {} }]); // the hangup
 */
export function disallowedReplies(input: FlowInput, actions: readonly VoiceAction[]): VoiceAction[] {
  if (!isVoiceEventInput(input)) return [];
  return actions.filter((action) => !isAllowedReply(input.event, action.method));
}

/**
 * What {@link nextDueAt} needs to know.
 *
 * @example
 * const options: DueOptions = { lookupTimeoutMs: 30_000, recovery: DEFAULT_RECOVERY, redeliveryWindowMs: 50_000 };
 */
export interface DueOptions {
  lookupTimeoutMs: number;
  recovery: RecoveryOptions;
  redeliveryWindowMs: number;
}

/**
 * When the call next needs attention, epoch ms: the earliest of its flow timer, its lookups' timeouts and the
 * moment its awaited event counts as lost; `undefined` when nothing is due (an ended call, or one that waits for
 * nothing but TeleSign's anytime events).
 *
 * @example
 * await scheduler.arm(record.reference_id, nextDueAt(record, options));
 */
export function nextDueAt(record: CallRecord, options: DueOptions): number | undefined {
  if (record.ended) return undefined;
  let due = record.deadline ?? undefined;
  const lost = watchdogAt(record, options.recovery, options.redeliveryWindowMs);
  if (lost !== undefined && (due === undefined || lost < due)) due = lost;
  for (const lookup of record.pending_lookups) {
    const at = lookup.started_at + options.lookupTimeoutMs;
    if (due === undefined || at < due) due = at;
  }
  return due;
}

/**
 * The ids of the call's lookups running past their timeout at `now`.
 *
 * @example
 * for (const id of overdueLookups(record, Date.now(), 30_000)) lookups.abort(record.reference_id, id, timeoutError);
 */
export function overdueLookups(record: CallRecord, now: number, lookupTimeoutMs: number): string[] {
  return record.pending_lookups.filter((l) => l.started_at + lookupTimeoutMs <= now).map((l) => l.id);
}
