/**
 * The persisted state of one call: plain JSON, small, tagged with the flow's id and version.
 *
 * @module
 */
import type { EventName } from '@ivrkit/protocol';

/**
 * The format tag of {@link CallSnapshot}; bumped if its shape ever changes.
 *
 * @example
 * snapshot.format === CALL_SNAPSHOT_FORMAT; // true
 */
export const CALL_SNAPSHOT_FORMAT = 1;

/**
 * One call's state between two steps. Store it as JSON; give it back to {@link stepFlow} with the next input.
 *
 * @example
 * const saved = JSON.stringify(result.snapshot);
 * const next = stepFlow(flow, restoreSnapshot(flow, JSON.parse(saved)), event, { now: Date.now() });
 */
export interface CallSnapshot {
  /** {@link CALL_SNAPSHOT_FORMAT}. */
  format: typeof CALL_SNAPSHOT_FORMAT;
  /** The id of the flow that wrote it. */
  flowId: string;
  /** The version of the flow that wrote it. */
  flowVersion: number;
  /** The TeleSign event still awaiting a reply, or `null` when the last one was answered. */
  answering: EventName | null;
  /** Pending timers: id → epoch ms at which it fires. The runtime wakes the call at the earliest. */
  timers: Record<string, number>;
  /** Lookups started and not yet finished: id → name. */
  lookups: Record<string, string>;
  /** XState's persisted snapshot of the flow machine (no children: flows start no actors themselves). */
  machine: PersistedMachineState;
}

/**
 * XState's persisted machine snapshot, as JSON.
 *
 * @example
 * const value: PersistedMachineState['value'] = { call: 'main' };
 */
export interface PersistedMachineState {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: unknown;
  context: unknown;
  [key: string]: unknown;
}
