/**
 * The flow's reachable behaviour as a graph, explored with @xstate/graph over the pure `stepFlow`: each node is a
 * call state (machine state, counters, what the flow waits for), each edge an input the outside world can give —
 * a prompt ending with some digits, a lookup's outcome, a transfer's result, a hang-up, a lost event. The edges
 * carry the {@link Stimulus} that produces them, so a path becomes a simulator {@link Scenario}.
 *
 * @module
 */
import type { CallSnapshot, Flow, StepInput } from '@ivrkit/machines';
import { stepFlow } from '@ivrkit/machines';
import { EVENT_NAMES, STATUS, type VoiceAction, type VoiceEvent } from '@ivrkit/protocol';
import { getShortestPaths } from '@xstate/graph';
import { fromTransition } from 'xstate';
import { statePath } from './trace.js';
import { flowTransitions, takenTransitions } from './transitions.js';

/**
 * What the outside world does to produce an edge.
 *
 * @example
 * const press: Stimulus = { kind: 'prompt', digits: '1' };
 */
export type Stimulus =
  | {
      kind: 'start';
      answer: 'answered' | 'busy';
      /** The call starts at this instant (epoch ms) instead of the exploration's own: for flows that read the time. */
      at?: number;
    }
  | {
      kind: 'unexpected-first';
      event:
        | 'speak_completed'
        | 'play_completed'
        | 'dial_completed'
        | 'call_leg_completed'
        | 'incoming_call'
        | 'call_completed';
    }
  | { kind: 'prompt'; digits: string }
  | { kind: 'hangup' }
  | { kind: 'lookup'; outcome: 'done' | 'failed' | 'timeout' }
  | { kind: 'transfer'; outcome: 'answered' | 'busy' }
  | { kind: 'leg-ended' }
  /** A timer of the flow's own runs out (the tones of a `sendDtmf`, a hand-written machine's pause). */
  | { kind: 'wait' }
  | { kind: 'lost-call-completed' }
  | { kind: 'cap' };

/**
 * A node of the exploration.
 *
 * @example
 * const { states } = exploreFlow(bankFlow);
 * states[0]?.state.done; // false
 */
export interface ExploreState {
  snapshot?: CallSnapshot;
  now: number;
  done: boolean;
  end?: string;
  /** The actions of the last step (what the flow waits on). */
  last: VoiceAction[];
  /** The flow hung up and waits for call_completed. */
  closing: boolean;
  /** A transfer is bridged. */
  bridged: boolean;
  /** The step threw (a broken flow). */
  error?: string;
}

/**
 * An edge of the exploration.
 *
 * @example
 * const { edges } = exploreFlow(bankFlow);
 * edges[0]?.event.stimulus; // { kind: 'start', answer: 'answered' }
 */
export interface ExploreEvent {
  type: string;
  stimulus: Stimulus;
  input: StepInput;
  /** Transition ids the step takes. */
  transitions?: string[];
}

const TO = '15555551212';
const FROM = '15558675309';
const ID = 'EXPLORE';
const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];

function wire(event: string, data: Record<string, unknown>): VoiceEvent {
  return { event, reference_id: ID, data: { to: TO, from: FROM, ...data } } as unknown as VoiceEvent;
}

const completed = (status: string) =>
  wire('call_completed', {
    duration: 0,
    created_on_utc: '',
    answered_on_utc: '',
    ended_on_utc: '',
    status,
    audio_recording_file_name: '',
    direction: 'inbound',
  });

/**
 * Digits worth trying for a prompt that collects up to `max`: silence, every key, and long entries.
 *
 * @example
 * digitCandidates(4); // ['', '0', …, '#', '1234', '9999']
 */
export function digitCandidates(max: number): string[] {
  const list = ['', ...KEYS];
  for (const length of new Set([Math.min(max, 4), max])) {
    if (length > 1) list.push('12345678901234567890'.slice(0, length), '9'.repeat(length));
  }
  return list;
}

function collectMax(action: VoiceAction | undefined): number | undefined {
  const params =
    action && 'params' in action ? (action.params as { collect_digits?: { max: number } }) : undefined;
  return params?.collect_digits?.max;
}

const startEvent = (flow: Flow) => (flow.direction === 'inbound' ? 'incoming_call' : 'dial_completed');

/** The events that start a call of `flow` (an outbound call also meets a busy line). */
/**
 * Other instants a call starts at, besides the exploration's own (a Thursday at midnight UTC), so that a flow
 * branching on the time (business hours) shows its other branches: a weekday morning and a Sunday afternoon.
 */
const OTHER_STARTS = [Date.UTC(2026, 0, 5, 10, 30), Date.UTC(2026, 0, 4, 15, 0)];

function addStarts(flow: Flow, add: (stimulus: Stimulus, input: StepInput) => void, others = false): void {
  for (const at of [undefined, ...(others ? OTHER_STARTS : [])]) {
    const when = at === undefined ? {} : { at };
    if (flow.direction === 'inbound')
      add({ kind: 'start', answer: 'answered', ...when }, wire('incoming_call', {}));
    else {
      add(
        { kind: 'start', answer: 'answered', ...when },
        wire('dial_completed', { status: STATUS.dial.answered }),
      );
      if (at === undefined)
        add({ kind: 'start', answer: 'busy' }, wire('dial_completed', { status: STATUS.dial.busy }));
    }
  }
}

/**
 * The inputs worth trying in a state, each with its stimulus.
 *
 * @example
 * candidateInputs(bankFlow, state).map((e) => e.stimulus.kind);
 */
export function candidateInputs(flow: Flow, state: ExploreState): ExploreEvent[] {
  if (state.done) return [];
  const events: ExploreEvent[] = [];
  const add = (stimulus: Stimulus, input: StepInput) =>
    events.push({ type: JSON.stringify(stimulus), stimulus, input });
  if (!state.snapshot) {
    addStarts(flow, add, true);
    for (const event of EVENT_NAMES) {
      if (event === startEvent(flow)) continue;
      const data =
        event === 'speak_completed' || event === 'play_completed'
          ? { status: 'speak_successful', collected_digits: '' }
          : event === 'call_completed'
            ? {}
            : { status: 'answered' };
      add(
        { kind: 'unexpected-first', event },
        event === 'call_completed' ? completed('hangup') : wire(event, data),
      );
    }
    return events;
  }
  const last = state.last[state.last.length - 1];
  if (state.closing) {
    add({ kind: 'hangup' }, completed('hangup'));
    add({ kind: 'lost-call-completed' }, { type: 'timer' });
    return events;
  }
  const lookups = Object.keys(state.snapshot.lookups);
  if (lookups.length > 0) {
    const id = lookups[0] as string;
    add({ kind: 'lookup', outcome: 'done' }, { type: 'lookup.done', id, output: {} });
    add({ kind: 'lookup', outcome: 'failed' }, { type: 'lookup.failed', id, error: new Error('failed') });
    add({ kind: 'lookup', outcome: 'timeout' }, { type: 'timer' });
    // Still owing TeleSign its reply: only the lookup (or a hang-up) can happen. Otherwise what the flow sent last
    // (a "please hold" prompt, a transfer) is under way beside the lookup, and ends on its own.
    if (state.snapshot.answering !== null) return events;
  }
  // A flow that ignored an unexpected first event still waits for its real one (delivered late, after the other).
  if (state.last.length === 0 && !state.bridged && state.snapshot.answering === null && lookups.length === 0)
    addStarts(flow, add);
  const ownTimer = Object.keys(state.snapshot.timers).some(
    (id) => !id.includes('cap') && !id.includes('closing'),
  );
  if (ownTimer && lookups.length === 0) add({ kind: 'wait' }, { type: 'timer' });
  if (state.bridged) {
    add({ kind: 'leg-ended' }, wire('call_leg_completed', { status: STATUS.callLeg.hangup }));
  } else if (last && (last.method === 'speak' || last.method === 'play' || last.method === 'play_multiple')) {
    const name = last.method === 'speak' ? 'speak_completed' : 'play_completed';
    const status = last.method === 'speak' ? STATUS.speak.successful : STATUS.play.successful;
    const max = collectMax(last);
    for (const digits of max === undefined ? [''] : digitCandidates(max))
      add({ kind: 'prompt', digits }, wire(name, { status, collected_digits: digits }));
  } else if (last?.method === 'dial') {
    add({ kind: 'transfer', outcome: 'answered' }, wire('dial_completed', { status: STATUS.dial.answered }));
    add({ kind: 'transfer', outcome: 'busy' }, wire('dial_completed', { status: STATUS.dial.busy }));
  }
  add({ kind: 'hangup' }, completed('hangup'));
  add({ kind: 'cap' }, { type: 'timer' });
  return events;
}

/**
 * Advances an exploration state by one input (pure).
 *
 * @example
 * const next = exploreStep(bankFlow, state, candidateInputs(bankFlow, state)[0]!);
 */
export function exploreStep(flow: Flow, state: ExploreState, event: ExploreEvent): ExploreState {
  const snapshot = state.snapshot;
  let now =
    event.stimulus.kind === 'start' && event.stimulus.at !== undefined
      ? event.stimulus.at
      : state.now + 1_000;
  if ('type' in event.input && event.input.type === 'timer') {
    const timers = Object.entries(snapshot?.timers ?? {}).sort((a, b) => a[1] - b[1]);
    const wanted =
      event.stimulus.kind === 'cap'
        ? timers.find(([id]) => id.includes('cap'))
        : event.stimulus.kind === 'lost-call-completed'
          ? (timers.find(([id]) => id.includes('closing')) ?? timers[0])
          : timers.find(([id]) => !id.includes('cap') && !id.includes('closing'));
    if (!wanted) {
      event.transitions = [];
      return state;
    }
    now = Math.max(now, wanted[1]);
    // Fire only that timer: drop earlier ones from the snapshot copy so they do not fire too.
    if (snapshot) {
      const only = Object.fromEntries(timers.filter(([, at]) => at >= wanted[1]));
      const local = { ...snapshot, timers: only };
      return advance(flow, state, local, event, now);
    }
  }
  return advance(flow, state, snapshot, event, now);
}

function advance(
  flow: Flow,
  state: ExploreState,
  snapshot: CallSnapshot | undefined,
  event: ExploreEvent,
  now: number,
): ExploreState {
  try {
    const result = stepFlow(flow, snapshot, event.input, { now });
    event.transitions = takenTransitions(flow, snapshot, event.input, now);
    const last = result.actions.length > 0 ? result.actions : state.last;
    const input = event.input;
    const next: ExploreState = {
      snapshot: result.snapshot,
      now,
      done: result.done,
      last,
      closing:
        result.actions.some((a) => a.method === 'hangup') || (state.closing && result.actions.length === 0),
      bridged:
        'event' in input && input.event === 'dial_completed' && input.data.status === 'answered'
          ? state.snapshot !== undefined
          : 'event' in input && input.event === 'call_leg_completed'
            ? false
            : result.actions.length > 0
              ? false
              : state.bridged,
    };
    if (result.end) next.end = result.end.reason;
    return next;
  } catch (error) {
    return { ...state, done: true, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The key two exploration states are merged under: machine state, counters (and a menu flow's per-node `tries`),
 * waits — not the data.
 *
 * @example
 * stateKey(state); // '["call.main",["noInput=0","invalid=0"],…]'
 */
export function stateKey(state: ExploreState): string {
  const snap = state.snapshot;
  if (!snap) return 'new';
  const context = (snap.machine.context ?? {}) as Record<string, unknown>;
  const counters = Object.entries(context)
    .filter(([key, value]) => typeof value === 'number' && key !== 'seq')
    .map(([key, value]) => `${key}=${value}`);
  // A menu flow's per-node retry counters (kept across re-entries) are part of where the call is.
  const tries = context.tries && typeof context.tries === 'object' ? context.tries : null;
  return JSON.stringify([
    statePath(snap.machine.value),
    counters,
    tries,
    state.done,
    state.end ?? null,
    state.closing,
    state.bridged,
    Object.values(snap.lookups),
    state.last.map((a) => `${a.method}:${collectMax(a) ?? ''}`),
    state.error ?? null,
  ]);
}

/**
 * One explored edge with the path that leads to it.
 *
 * @example
 * const timeouts = exploreFlow(bankFlow).edges.filter((e: ExploredEdge) => e.event.stimulus.kind === 'lookup');
 */
export interface ExploredEdge {
  from: ExploreState;
  event: ExploreEvent;
  to: ExploreState;
  /** Inputs from the start up to and including this edge. */
  path: ExploreEvent[];
}

/**
 * Options of {@link exploreFlow}.
 *
 * @example
 * exploreFlow(bigFlow, { limit: 20_000 });
 */
export interface ExploreOptions {
  /** Most states to visit. Default 5,000. */
  limit?: number;
}

/**
 * Explores `flow`: the shortest path to every reachable state (by @xstate/graph's `getShortestPaths`), and every
 * edge out of those states.
 *
 * @example
 * const { states, edges } = exploreFlow(bankFlow);
 */
export function exploreFlow(flow: Flow, options: ExploreOptions = {}) {
  const initial: ExploreState = {
    now: Date.UTC(2026, 0, 1),
    done: false,
    last: [],
    closing: false,
    bridged: false,
  };
  const logic = fromTransition(
    (state: ExploreState, event: ExploreEvent) => exploreStep(flow, state, event),
    initial,
  );
  const paths = getShortestPaths(logic, {
    events: (snapshot) => candidateInputs(flow, snapshot.context) as never,
    serializeState: (snapshot) => stateKey(snapshot.context),
    serializeEvent: (event) => (event as unknown as ExploreEvent).type,
    limit: options.limit ?? 5_000,
  });
  const states = paths.map((p) => ({
    state: p.state.context,
    path: p.steps.map((s) => s.event as unknown as ExploreEvent).filter((e) => e.stimulus !== undefined),
  }));
  const edges: ExploredEdge[] = [];
  for (const { state, path } of states) {
    for (const candidate of candidateInputs(flow, state)) {
      const event = { ...candidate };
      const to = exploreStep(flow, state, event);
      edges.push({ from: state, event, to, path: [...path, event] });
    }
  }
  return { states, edges };
}

/**
 * The entries a flow reacts to: digits that, somewhere in the explored graph, take a transition that is not a
 * retry (a menu option, a valid account number). Feeds {@link flowDigitsArb}.
 *
 * @example
 * reactiveDigits(bankFlow); // ['0', '1', '2', '*', '12345678', …]
 */
export function reactiveDigits(flow: Flow, options: ExploreOptions = {}): string[] {
  const kinds = new Map(flowTransitions(flow).map((t) => [t.id, t.kind]));
  const found = new Set<string>();
  for (const edge of exploreFlow(flow, options).edges) {
    const { stimulus, transitions } = edge.event;
    if (stimulus.kind !== 'prompt' || stimulus.digits === '') continue;
    if ((transitions ?? []).some((id) => kinds.get(id) === 'event')) found.add(stimulus.digits);
  }
  return [...found].sort();
}
