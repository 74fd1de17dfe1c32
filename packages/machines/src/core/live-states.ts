/**
 * The live XState snapshot behind each call snapshot a step returned, so that the next step of the same call can
 * start from it instead of validating and restoring the persisted form — a fifth of a step's time. Only the very
 * object `stepFlow` returned is found here (it is frozen, so it still says what it said); a copy — read back from
 * a store, say — is restored as before. Entries go when the call snapshot is collected.
 *
 * @module
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { CallSnapshot } from './snapshot.js';

interface LiveState {
  machine: AnyStateMachine;
  state: AnyMachineSnapshot;
}

const live = new WeakMap<CallSnapshot, LiveState>();

/**
 * Freezes `snapshot` (and the parts of it a step reads) and remembers `state` as its live form for `machine`.
 *
 * @example
 * const frozen = rememberLiveState(snapshot, flow.machine, state);
 */
export function rememberLiveState(
  snapshot: CallSnapshot,
  machine: AnyStateMachine,
  state: AnyMachineSnapshot,
): CallSnapshot {
  Object.freeze(snapshot.timers);
  Object.freeze(snapshot.lookups);
  Object.freeze(snapshot.machine);
  Object.freeze(snapshot);
  live.set(snapshot, { machine, state });
  return snapshot;
}

/**
 * The live state `snapshot` was returned with, if it was returned by a step of `machine`.
 *
 * @example
 * const state = liveStateOf(saved, flow.machine) ?? machine.restoreSnapshot(saved.machine, scope);
 */
export function liveStateOf(
  snapshot: CallSnapshot,
  machine: AnyStateMachine,
): AnyMachineSnapshot | undefined {
  const entry = live.get(snapshot);
  return entry && entry.machine === machine ? entry.state : undefined;
}
