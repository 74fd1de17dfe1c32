/**
 * A flow's statechart as a list of transitions, and which of them one adapter step takes — the ground truth of
 * coverage and of the lint's graph.
 *
 * @module
 */
import type { FlowInput } from '@ivrkit/adapter-http';
import { type CallSnapshot, type Flow, toMachineEvent } from '@ivrkit/machines';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type AnyTransitionDefinition,
  getMicrosteps,
  initialTransition,
  type Snapshot,
} from 'xstate';

/**
 * How a transition is classified in reports.
 *
 * @example
 * const timeouts = flowTransitions(flow).filter((t) => t.kind === ('timeout' satisfies TransitionKind));
 */
export type TransitionKind = 'timeout' | 'no-input' | 'invalid' | 'hangup' | 'eventless' | 'event';

/**
 * One transition of a flow's statechart.
 *
 * @example
 * const t: TransitionInfo = { id: 'ivr.call.main|speak_completed|3', source: 'call.main', event: 'speak_completed', index: 3, description: 'no input: last retry', targets: ['call.goodbye'], kind: 'no-input' };
 */
export interface TransitionInfo {
  /** `<source state id>|<event>|<index among that event's transitions>`. */
  id: string;
  /** The source state as a dotted path without the machine id (`call.main`). */
  source: string;
  /** The event type (`''` for an eventless `always` transition). */
  event: string;
  index: number;
  description: string;
  /** Target states as dotted paths; empty for a targetless (self) transition. */
  targets: string[];
  kind: TransitionKind;
}

/**
 * A state node's dotted path without the machine id.
 *
 * @example
 * stateNodes(bankFlow.machine).map(nodePath); // ['', 'idle', 'call', 'call.welcome', …]
 */
export function nodePath(node: AnyStateNode): string {
  return node.path.join('.');
}

function kindOf(event: string, description: string): TransitionKind {
  const text = description.toLowerCase();
  if (event === '') return 'eventless';
  if (event === 'ivr.timeout' || text.includes('timed out') || text.includes('timeout')) return 'timeout';
  if (text.includes('no input')) return 'no-input';
  if (text.includes('invalid')) return 'invalid';
  if (event === 'call_completed') return 'hangup';
  return 'event';
}

/**
 * Every state node of a machine, the root first.
 *
 * @example
 * stateNodes(bankFlow.machine).length; // every state node, the root first
 */
export function stateNodes(machine: AnyStateMachine): AnyStateNode[] {
  const all: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    all.push(node);
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);
  return all;
}

const cache = new WeakMap<
  AnyStateMachine,
  { list: TransitionInfo[]; ids: Map<AnyTransitionDefinition, string> }
>();

function index(machine: AnyStateMachine) {
  const cached = cache.get(machine);
  if (cached) return cached;
  const list: TransitionInfo[] = [];
  const ids = new Map<AnyTransitionDefinition, string>();
  const add = (node: AnyStateNode, event: string, defs: readonly AnyTransitionDefinition[]) => {
    defs.forEach((def, i) => {
      const id = `${node.id}|${event}|${i}`;
      const description = def.description ?? (event === '' ? 'always' : event);
      ids.set(def, id);
      list.push({
        id,
        source: nodePath(node),
        event,
        index: i,
        description,
        targets: (def.target ?? []).map((t: AnyStateNode) => nodePath(t)),
        kind: kindOf(event, description),
      });
    });
  };
  for (const node of stateNodes(machine)) {
    for (const [event, defs] of node.transitions) add(node, event, defs);
    if (node.always) add(node, '', node.always);
  }
  const entry = { list, ids };
  cache.set(machine, entry);
  return entry;
}

/**
 * Every transition of a flow's statechart, in document order.
 *
 * @example
 * flowTransitions(bankFlow).filter((t) => t.kind === 'timeout').map((t) => t.source); // ['call', 'call.$closing', 'call.fetchBalance']
 */
export function flowTransitions(flow: Flow): TransitionInfo[] {
  return index(flow.machine).list;
}

function restore(machine: AnyStateMachine, snapshot: CallSnapshot | undefined): AnyMachineSnapshot {
  if (!snapshot) return initialTransition(machine)[0] as AnyMachineSnapshot;
  return machine.restoreSnapshot(
    snapshot.machine as unknown as Snapshot<unknown>,
    undefined as never,
  ) as AnyMachineSnapshot;
}

/** The machine events an adapter input delivers, as `stepFlow` computes them. */
function machineEvents(snapshot: CallSnapshot | undefined, input: FlowInput, now: number) {
  if ('event' in input) return [toMachineEvent(input, now)];
  if (input.type === 'timer') {
    return Object.entries(snapshot?.timers ?? {})
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1])
      .map(([id]) => ({ type: 'ivr.timeout', id, now }));
  }
  if (!snapshot || !(input.id in snapshot.lookups)) return [];
  return input.type === 'lookup.done'
    ? [{ type: 'lookup.done', id: input.id, output: input.output, now }]
    : [{ type: 'lookup.failed', id: input.id, error: String(input.error), now }];
}

/**
 * The ids of the transitions one step takes: those selected by each machine event, plus the eventless ones whose
 * source the step passed through (XState picks them in microsteps). Pure; costs one more transition per event.
 *
 * @example
 * takenTransitions(bankFlow, undefined, incomingCall, 0); // ['ivr.idle|incoming_call|0']
 */
export function takenTransitions(
  flow: Flow,
  snapshot: CallSnapshot | undefined,
  input: FlowInput,
  now: number,
): string[] {
  const machine = flow.machine;
  const { ids } = index(machine);
  const taken: string[] = [];
  let state = restore(machine, snapshot);
  for (const event of machineEvents(snapshot, input, now)) {
    if (state.status !== 'active') break;
    for (const def of machine.getTransitionData(state as never, event as never)) {
      const id = ids.get(def);
      if (id) taken.push(id);
    }
    const steps = getMicrosteps(machine, state as never, event as never);
    // A node with an eventless transition active in any microstep but the last was left through it.
    for (const [micro] of steps.slice(0, -1)) {
      for (const node of (micro as unknown as { _nodes: AnyStateNode[] })._nodes ?? []) {
        if (node.always?.length) {
          const id = ids.get(node.always[0] as AnyTransitionDefinition);
          if (id && !taken.includes(id)) taken.push(id);
        }
      }
    }
    const last = steps[steps.length - 1];
    if (last) state = last[0] as AnyMachineSnapshot;
  }
  return taken;
}
