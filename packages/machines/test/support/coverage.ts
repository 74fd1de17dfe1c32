/**
 * Transition coverage of a flow, event by event: @xstate/graph enumerates the reachable states (shortest paths),
 * each path is replayed through the pure step (snapshots round-tripped through JSON), and from each reached state
 * every candidate event is stepped once more. The transitions taken are read with `machine.getTransitionData`
 * on the pure step's own snapshot, so a transition counts only if the public API really took it.
 */
import type { VoiceEvent } from '@ivrkit/protocol';
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  initialTransition,
  type Snapshot,
} from 'xstate';
import {
  type CallSnapshot,
  type Flow,
  type FlowEvent,
  type MenuContext,
  type StepInput,
  stepFlow,
  toMachineEvent,
} from '../../src/index.js';
import {
  callCompleted,
  callLegCompleted,
  dialCompleted,
  incomingCall,
  playCompleted,
  speakCompleted,
} from './wire.js';

/** Every event-driven transition of the machine, as `stateId|event|index`. */
export function transitionKeys(machine: AnyStateMachine): Set<string> {
  const keys = new Set<string>();
  const walk = (node: AnyStateNode) => {
    for (const [event, definitions] of node.transitions) {
      for (let i = 0; i < definitions.length; i++) keys.add(`${node.id}|${event}|${i}`);
    }
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  return keys;
}

export interface CoverageOptions {
  /** Digit strings to try after every prompt. */
  digits: string[];
  /** The output each lookup (by name) returns when it succeeds. */
  outputs: Record<string, unknown>;
  /** `external_id` of the outbound call. */
  externalId?: string;
}

/** The candidate events in a machine state. */
function candidates(state: AnyMachineSnapshot, options: CoverageOptions): FlowEvent[] {
  const voice: VoiceEvent[] = [
    incomingCall(),
    dialCompleted('answered', options.externalId),
    dialCompleted('busy', options.externalId),
    ...options.digits.map((d) => speakCompleted(d)),
    ...options.digits.map((d) => playCompleted(d)),
    speakCompleted('', 'speak_failed'),
    callLegCompleted(),
    callCompleted(),
  ];
  const events: FlowEvent[] = voice.map((e) => toMachineEvent(e, 0));
  const pending = (state.context as MenuContext).pending;
  if (pending) {
    const name = pending.slice(0, pending.indexOf('#'));
    events.push({ type: 'lookup.done', id: pending, output: options.outputs[name] ?? null, now: 0 });
    events.push({ type: 'lookup.failed', id: pending, error: 'down', now: 0 });
  }
  for (const id of ['lookup', 'call.cap', 'closing']) events.push({ type: 'ivr.timeout', id, now: 0 });
  return events;
}

const serialize = (s: AnyMachineSnapshot) => {
  const c = s.context as MenuContext;
  return JSON.stringify([s.status, s.value, c.noInput, c.invalid, c.pending !== null]);
};

export interface CoverageReport {
  all: Set<string>;
  covered: Set<string>;
  states: number;
  steps: number;
  /** Pure-step states that differed from the graph's, as messages. */
  mismatches: string[];
  /** State ids the replays ended up in. */
  visited: Set<string>;
}

interface Replay {
  snapshot: CallSnapshot | undefined;
  now: number;
}

/** The step input for a machine event, and its time; `undefined` when the step could not deliver it alone. */
function toInput(event: FlowEvent, replay: Replay): { input: StepInput; now: number } | undefined {
  const now = replay.now + 1_000;
  if (event.type === 'ivr.timeout') {
    const timers = replay.snapshot?.timers ?? {};
    const at = timers[event.id];
    if (at === undefined || Object.values(timers).some((t) => t < at)) return undefined;
    return { input: { type: 'timer' }, now: at };
  }
  if (event.type === 'lookup.done')
    return { input: { type: 'lookup.done', id: event.id, output: event.output }, now };
  if (event.type === 'lookup.failed') {
    return { input: { type: 'lookup.failed', id: event.id, error: new Error(event.error) }, now };
  }
  return { input: event.event, now };
}

export function exploreFlow(flow: Flow, options: CoverageOptions): CoverageReport {
  const machine = flow.machine;
  const report: CoverageReport = {
    all: transitionKeys(machine),
    covered: new Set(),
    states: 0,
    steps: 0,
    mismatches: [],
    visited: new Set(),
  };
  const restore = (snap: CallSnapshot | undefined): AnyMachineSnapshot =>
    snap
      ? (machine.restoreSnapshot(
          snap.machine as unknown as Snapshot<unknown>,
          undefined as never,
        ) as AnyMachineSnapshot)
      : (initialTransition(machine)[0] as AnyMachineSnapshot);

  const step = (replay: Replay, event: FlowEvent): Replay | undefined => {
    const converted = toInput(event, replay);
    if (!converted) return undefined;
    const before = restore(replay.snapshot);
    if (before.status === 'active') {
      for (const t of machine.getTransitionData(before, { ...event, now: converted.now } as never)) {
        const list = t.source.transitions.get(t.eventType) ?? [];
        report.covered.add(`${t.source.id}|${t.eventType}|${list.indexOf(t)}`);
        for (const target of t.target ?? []) report.visited.add(target.id);
      }
    }
    const result = stepFlow(flow, replay.snapshot, converted.input, { now: converted.now });
    if (result.actions.length > 1) report.mismatches.push(`more than one reply to ${event.type}`);
    report.steps++;
    const snapshot = JSON.parse(JSON.stringify(result.snapshot)) as CallSnapshot;
    for (const node of restore(snapshot)._nodes) report.visited.add(node.id);
    return { snapshot, now: converted.now };
  };

  const paths = getShortestPaths(machine, {
    events: (state) => candidates(state as AnyMachineSnapshot, options),
    serializeState: (state) => serialize(state as AnyMachineSnapshot),
  });
  for (const path of paths) {
    report.states++;
    let replay: Replay | undefined = { snapshot: undefined, now: 1_700_000_000_000 };
    for (const node of restore(undefined)._nodes) report.visited.add(node.id);
    for (const { event } of path.steps) {
      if (event.type === 'xstate.init') continue;
      replay = replay && step(replay, event as FlowEvent);
    }
    if (!replay) continue;
    const reached = restore(replay.snapshot);
    if (JSON.stringify(reached.value) !== JSON.stringify(path.state.value)) {
      report.mismatches.push(
        `graph reached ${JSON.stringify(path.state.value)}, pure step ${JSON.stringify(reached.value)}`,
      );
    }
    if (reached.status !== 'active') continue;
    for (const event of candidates(reached, options)) step(replay, event);
  }
  return report;
}

/**
 * Every simple path (no state visited twice) of the flow, from the start to the end of the call, each replayed
 * through the pure step. Returns the number of paths and the mismatches between the graph and the pure step.
 */
export function replaySimplePaths(
  flow: Flow,
  options: CoverageOptions,
): { paths: number; mismatches: string[] } {
  const machine = flow.machine;
  const mismatches: string[] = [];
  // Fewer events than the coverage walk (simple paths multiply with every way to end a call): the caller's
  // answers, lookup outcomes, the lookup timeout and both ends of the call.
  const kept = (e: FlowEvent) =>
    e.type === 'speak_completed' ||
    e.type === 'call_completed' ||
    e.type.startsWith('lookup.') ||
    (e.type === 'dial_completed' && e.event.data.status === 'answered') ||
    (e.type === 'ivr.timeout' && e.id !== 'call.cap');
  const paths = getSimplePaths(machine, {
    events: (state) => candidates(state as AnyMachineSnapshot, options).filter(kept),
    serializeState: (state) => serialize(state as AnyMachineSnapshot),
    toState: (state) => (state as AnyMachineSnapshot).status === 'done',
  });
  for (const path of paths) {
    let snapshot: CallSnapshot | undefined;
    let now = 1_700_000_000_000;
    let replayed = true;
    for (const { event } of path.steps) {
      if (event.type === 'xstate.init') continue;
      const converted = toInput(event as FlowEvent, { snapshot, now });
      if (!converted) {
        replayed = false;
        break;
      }
      const result = stepFlow(flow, snapshot, converted.input, { now: converted.now });
      snapshot = JSON.parse(JSON.stringify(result.snapshot)) as CallSnapshot;
      now = converted.now;
    }
    if (!replayed) continue;
    const value = JSON.stringify(snapshot?.machine.value);
    if (value !== JSON.stringify(path.state.value) || snapshot?.machine.status !== 'done') {
      mismatches.push(`graph ended in ${JSON.stringify(path.state.value)}, pure step in ${value}`);
    }
  }
  return { paths: paths.length, mismatches };
}
