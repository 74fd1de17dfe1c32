/**
 * What one pure step returns.
 *
 * @module
 */
import type { VoiceAction } from '@ivrkit/protocol';
import type { LookupRequest } from './effects.js';
import type { CallEnd } from './flow.js';
import type { CallSnapshot } from './snapshot.js';

/**
 * The outcome of {@link stepFlow}: the snapshot to persist and the work to do.
 *
 * @example
 * const { snapshot, actions, lookups, nextDeadline, done } = stepFlow(flow, saved, event, { now });
 * // reply with actions[0] (if any), start lookups, wake at nextDeadline, persist snapshot (delete it when done)
 */
export interface StepResult {
  /** The call's new state: plain JSON. */
  snapshot: CallSnapshot;
  /**
   * Voice actions to send, each allowed by the contract after the event being answered (at most one per event).
   * Empty while the flow waits (for a lookup, or for TeleSign).
   */
  actions: VoiceAction[];
  /** True once the flow has ended: persist nothing more; cancel its lookups; call `flow.onEnd(end)`. */
  done: boolean;
  /** Epoch ms at which the runtime must step again with `{ type: 'timer' }`; absent when nothing is pending. */
  nextDeadline?: number;
  /** Lookups to start now; feed each result back as `lookup.done` / `lookup.failed` with its `id`. */
  lookups: LookupRequest[];
  /** Ids of lookups the flow no longer waits for: abort them (their results would be ignored anyway). */
  cancelLookups: string[];
  /** Present when `done`: why the flow ended, and its data. */
  end?: CallEnd;
}

/**
 * Options of {@link stepFlow}.
 *
 * @example
 * const options: StepOptions = { now: Date.now() };
 */
export interface StepOptions {
  /** The current time, epoch ms: the only clock a step knows. */
  now: number;
}
