/**
 * XState's persisted form of a flow machine's snapshot, built directly. It is what `machine.getPersistedSnapshot`
 * returns for a machine with no children and no actor refs in its context — every flow, since a step refuses to
 * spawn — without the generic walk (rest-copying the snapshot, searching the context for actor refs), which was
 * a tenth of a step's time.
 *
 * @module
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { PersistedMachineState } from './snapshot.js';

/**
 * The persisted form of a flow machine snapshot (restorable with `machine.restoreSnapshot`).
 *
 * @example
 * const persisted = persistFlowState(state); // { status: 'active', value: { call: 'menu' }, context, ... }
 */
export function persistFlowState(state: AnyMachineSnapshot): PersistedMachineState {
  const persisted: PersistedMachineState = {
    status: state.status,
    value: state.value,
    historyValue: persistHistory(state.historyValue as Record<string, Array<{ id: string }>> | undefined),
    context: state.context,
    children: {},
  };
  if (state.output !== undefined) persisted.output = state.output;
  if (state.error !== undefined) persisted.error = state.error;
  return persisted;
}

/** History states are remembered by state node; persisted, by the node's id (as XState does). */
function persistHistory(
  history: Record<string, Array<{ id: string }>> | undefined,
): Record<string, Array<{ id: string }>> {
  const persisted: Record<string, Array<{ id: string }>> = {};
  for (const key in history) {
    const nodes = history[key];
    if (Array.isArray(nodes)) persisted[key] = nodes.map((node) => ({ id: node.id }));
  }
  return persisted;
}
