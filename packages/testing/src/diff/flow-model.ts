/**
 * A flow's observable behaviour as plain data, for comparing two versions: its states, what the flow sends in
 * each (prompts with their text, language, digit collection and timeouts; transfers; waits), where each input
 * takes it from the state as first entered, how many retries each state gives on silence and on a wrong entry,
 * and where no input can end the call. Built from the explored graph of the pure step, so it describes menu
 * flows and hand-written machines alike.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { VoiceAction } from '@ivrkit/protocol';
import {
  candidateInputs,
  type ExploreEvent,
  type ExploreOptions,
  type ExploreState,
  exploreFlow,
  exploreStep,
  type Stimulus,
} from '../explore.js';
import { lintFlow } from '../lint.js';
import { statePath } from '../trace.js';
import { nodePath, stateNodes } from '../transitions.js';

/**
 * What {@link flowModel} found.
 *
 * @example
 * flowModel(bankFlow).moves['call.main']?.['presses 2']; // 'call.cards'
 */
export interface FlowModel {
  flowId: string;
  version: number;
  /** Every state of the statechart, as a dotted path (`call.main`). */
  states: string[];
  /** The states some input leads to (with their parents). */
  reachable: string[];
  /** Per state: what the flow sends on reaching it or while in it, one description each (sorted). */
  sends: Record<string, string[]>;
  /** Per state, from its first entry: each input's outcome (`presses 2` → `call.cards`). */
  moves: Record<string, Record<string, string>>;
  /** Per state that collects digits: `silence` / `wrong entry "#"` → `2 re-prompts, then call.goodbye`. */
  retries: Record<string, Record<string, string>>;
  /** States from which no input leads the flow to end the call (lint's `no-end` and `unbounded-loop`). */
  endless: Record<string, string>;
}

const where = (state: ExploreState) =>
  state.done
    ? `ended (${state.end ?? 'done'})`
    : state.snapshot
      ? statePath(state.snapshot.machine.value)
      : 'idle';

const WRONG_KEYS = ['9', '#', '*', '8', '7', '6', '5', '4', '3', '0', '2', '1'];

const seconds = (ms: number) => `${ms / 1000} s`;

/** Exploration feeds every lookup `{}` as its output: text built from it reads `…` rather than `[object Object]`. */
const placeholders = (text: string) => text.replaceAll('[object Object]', '…');

/**
 * One action in words: what a reviewer compares.
 *
 * @example
 * describeAction({ method: 'hangup', params: {} }); // 'hangs up'
 */
export function describeAction(action: VoiceAction): string {
  const collect = (params: {
    collect_digits?: { max: number; timeout?: number; inter_digit_timeout?: number };
  }) => {
    const c = params.collect_digits;
    if (!c) return '';
    const timing = [
      c.timeout !== undefined ? `timeout ${seconds(c.timeout)}` : '',
      c.inter_digit_timeout !== undefined ? `between digits ${seconds(c.inter_digit_timeout)}` : '',
    ].filter(Boolean);
    return `, collects up to ${c.max} digit${c.max === 1 ? '' : 's'}${timing.length ? ` (${timing.join(', ')})` : ''}`;
  };
  switch (action.method) {
    case 'speak':
      return `says "${placeholders(action.params.tts.message)}" in ${action.params.tts.language ?? 'the default language'}${collect(action.params)}`;
    case 'play':
      return `plays ${action.params.url}${collect(action.params)}`;
    case 'play_multiple':
      return `plays ${action.params.urls.join(', ')}${collect(action.params)}`;
    case 'dial': {
      const p = action.params;
      const extra = [
        p.send_dtmf !== undefined ? `sending ${p.send_dtmf}` : '',
        p.max_call_duration !== undefined ? `for at most ${p.max_call_duration} s` : '',
      ].filter(Boolean);
      return `dials ${p.to} as ${p.caller_id_number}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    }
    case 'send_dtmf':
      return `sends tones ${action.params.digits}`;
    case 'hangup':
      return 'hangs up';
  }
}

/** An input in words, or `undefined` for inputs every state takes alike (a hang-up, the cap, a lost event). */
function describeStimulus(stimulus: Stimulus): string | undefined {
  switch (stimulus.kind) {
    case 'start':
      if (stimulus.answer !== 'answered') return 'dial busy';
      return stimulus.at === undefined
        ? 'call starts'
        : `call starts at ${new Date(stimulus.at).toISOString()}`;
    case 'prompt':
      if (stimulus.digits === '') return 'silence';
      return stimulus.digits.length === 1 ? `presses ${stimulus.digits}` : `enters ${stimulus.digits}`;
    case 'lookup':
      return `lookup ${stimulus.outcome === 'timeout' ? 'times out' : stimulus.outcome === 'done' ? 'succeeds' : 'fails'}`;
    case 'transfer':
      return stimulus.outcome === 'answered' ? 'transfer answered' : 'transfer busy';
    case 'leg-ended':
      return 'transferred party hangs up';
    case 'wait':
      return 'its wait ends';
    default:
      return undefined;
  }
}

/** The timers a state waits on besides the call's own (a lookup's timeout), in words. */
function waits(state: ExploreState): string[] {
  const timers = state.snapshot?.timers ?? {};
  return Object.entries(timers)
    .filter(([id]) => !id.includes('cap') && !id.includes('closing'))
    .map(([id, at]) => `waits at most ${seconds(at - state.now)} (timer ${id})`);
}

/** Repeats one input from `start` while the flow stays in the same state: how many re-prompts, then where. */
function retryOutcome(flow: Flow, start: ExploreState, digits: string): string | undefined {
  const path = where(start);
  let state = start;
  let reprompts = 0;
  for (let i = 0; i < 25; i++) {
    const input = candidateInputs(flow, state).find(
      (c) => c.stimulus.kind === 'prompt' && c.stimulus.digits === digits,
    );
    if (!input) return undefined;
    const next = exploreStep(flow, state, { ...input });
    if (where(next) !== path) {
      return `${reprompts} re-prompt${reprompts === 1 ? '' : 's'}, then ${where(next)}`;
    }
    if (next.last !== state.last && next.last.length > 0) reprompts++;
    state = next;
  }
  return `re-prompts without end (${reprompts}+)`;
}

function add(map: Record<string, string[]>, key: string, value: string): void {
  const list = map[key] ?? [];
  if (!list.includes(value)) list.push(value);
  map[key] = list;
}

function put(map: Record<string, Record<string, string>>, key: string, label: string, value: string): void {
  map[key] = { ...map[key], [label]: value };
}

/**
 * The behaviour model of `flow` (see {@link FlowModel}).
 *
 * @example
 * const model = flowModel(bankFlow);
 * model.sends['call.goodbye']; // ['hangs up', 'says "Thank you for calling Example Bank. Goodbye." in en-US']
 */
export function flowModel(flow: Flow, options: ExploreOptions = {}): FlowModel {
  const explored = exploreFlow(flow, options);
  const { states, edges } = explored;
  const sends: Record<string, string[]> = {};
  for (const edge of edges) {
    if (edge.event.stimulus.kind === 'unexpected-first') continue;
    const path = where(edge.to);
    const sent = edge.to.last !== edge.from.last ? edge.to.last : [];
    for (const action of sent) add(sends, path, describeAction(action));
    for (const wait of waits(edge.to)) if (wait !== undefined && !edge.to.done) add(sends, path, wait);
  }
  // Each state as first entered (the shortest path to it), and its inputs from there.
  const first = new Map<string, ExploreState>();
  for (const { state, path } of [...states].sort((a, b) => a.path.length - b.path.length)) {
    const at = where(state);
    if (!state.done && state.snapshot && !first.has(at)) first.set(at, state);
    if (path.length === 0 && !first.has('idle')) first.set('idle', state);
  }
  const moves: Record<string, Record<string, string>> = {};
  const retries: Record<string, Record<string, string>> = {};
  for (const [path, state] of first) {
    for (const candidate of candidateInputs(flow, state)) {
      const label = describeStimulus(candidate.stimulus);
      if (label === undefined) continue;
      const event: ExploreEvent = { ...candidate };
      const to = exploreStep(flow, state, event);
      const target = where(to);
      put(moves, path, label, target === path ? `${path} (again)` : target);
    }
    const last = state.last[state.last.length - 1];
    const collects =
      !!last && 'params' in last && !!(last.params as { collect_digits?: unknown }).collect_digits;
    if (!collects) continue;
    const silence = retryOutcome(flow, state, '');
    if (silence) put(retries, path, 'silence', silence);
    // A wrong key here: one that re-prompts this state (9 first, the key people press "to try").
    const wrongKey = WRONG_KEYS.find((k) => moves[path]?.[`presses ${k}`] === `${path} (again)`);
    const wrong = wrongKey === undefined ? undefined : retryOutcome(flow, state, wrongKey);
    if (wrong) put(retries, path, 'a wrong key', wrong);
  }
  const reachable = new Set<string>();
  for (const { state } of states) {
    const parts = where(state).split('.');
    for (let i = 1; i <= parts.length; i++) reachable.add(parts.slice(0, i).join('.'));
  }
  const endless: Record<string, string> = {};
  for (const finding of lintFlow(flow, { explored }).findings)
    if (finding.rule === 'no-end' || finding.rule === 'unbounded-loop')
      endless[finding.state] = finding.message;
  for (const list of Object.values(sends)) list.sort();
  return {
    flowId: flow.id,
    version: flow.version,
    states: stateNodes(flow.machine).slice(1).map(nodePath),
    reachable: [...reachable].sort(),
    sends,
    moves,
    retries,
    endless,
  };
}
