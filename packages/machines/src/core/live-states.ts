/**
 * The live XState snapshot behind each call snapshot a step returned, so that the next step of the same call can
 * start from it instead of validating and restoring the persisted form — a fifth of a step's time. Only the very
 * object `stepFlow` returned is found here (it is frozen, so it still says what it said); a copy — read back from
 * a store, say — is restored as before. Entries go when the call snapshot is collected.
 *
 * @module
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { Flow } from './flow.js';
import type { CallSnapshot } from './snapshot.js';

interface LiveState {
  /** The flow whose step returned the snapshot: another flow (another version of it, say) restores instead. */
  flow: Flow;
  state: AnyMachineSnapshot;
}

const live = new WeakMap<CallSnapshot, LiveState>();

/**
 * Freezes `snapshot` (and the parts of it a step reads) and remembers `state` as its live form for `flow`.
 *
 * @example
 * const frozen = rememberLiveState(snapshot, flow, state);
 */
export function rememberLiveState(
  snapshot: CallSnapshot,
  flow: Flow,
  state: AnyMachineSnapshot,
): CallSnapshot {
  Object.freeze(snapshot.timers);
  Object.freeze(snapshot.lookups);
  Object.freeze(snapshot.machine);
  Object.freeze(snapshot);
  live.set(snapshot, { flow, state });
  return snapshot;
}

/**
 * The live state `snapshot` was returned with, if a step of this very `flow` returned it.
 *
 * @example
 * const state = liveStateOf(saved, flow) ?? flow.machine.restoreSnapshot(saved.machine, scope);
 */
export function liveStateOf(snapshot: CallSnapshot, flow: Flow): AnyMachineSnapshot | undefined {
  const entry = live.get(snapshot);
  return entry && entry.flow === flow ? entry.state : undefined;
}
