/**
 * `lintFlow`: static findings about a flow, each with the state path where it is — found on the explored graph
 * of the flow (no simulator, no time): unreachable states, digit collection without no-input or invalid-input
 * handling, loops no counter bounds, states with no way for the flow to end the call, and (a warning) menu
 * options no prompt mentions.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { VoiceAction } from '@ivrkit/protocol';
import { initialTransition } from 'xstate';
import { adversarialKeys } from './adversarial.js';
import {
  candidateInputs,
  type ExploredEdge,
  type ExploreEvent,
  type ExploreOptions,
  type ExploreState,
  exploreFlow,
  exploreStep,
  stateKey,
} from './explore.js';
import { statePath } from './trace.js';
import { flowTransitions, nodePath, stateNodes } from './transitions.js';

/**
 * The lint rules.
 *
 * @example
 * const rule: LintRule = 'unbounded-loop';
 */
export type LintRule =
  | 'unreachable-state'
  | 'no-input-path'
  | 'invalid-input-path'
  | 'unbounded-loop'
  | 'no-end'
  | 'unmentioned-option';

/**
 * One finding.
 *
 * @example
 * const f: LintFinding = { rule: 'no-input-path', severity: 'error', state: 'call.main', message: 'on silence the flow says nothing' };
 */
export interface LintFinding {
  rule: LintRule;
  severity: 'error' | 'warning';
  /** The state path (`call.main`). */
  state: string;
  message: string;
}

/**
 * The lint's result.
 *
 * @example
 * const { ok, findings }: LintReport = lintFlow(bankFlow);
 */
export interface LintReport {
  flowId: string;
  /** No errors (warnings allowed). */
  ok: boolean;
  findings: LintFinding[];
}

const where = (state: ExploreState) => (state.snapshot ? statePath(state.snapshot.machine.value) : 'idle');

function collects(action: VoiceAction | undefined): boolean {
  return !!action && 'params' in action && !!(action.params as { collect_digits?: unknown }).collect_digits;
}

function mentions(text: string, key: string): boolean {
  if (key === '*') return /\*|\bstar\b|\basterisk\b/i.test(text);
  if (key === '#') return /#|\bpound\b|\bhash\b/i.test(text);
  for (const range of text.matchAll(/\b(\d)\b[^.?!]{0,40}?\bto\b[^0-9]{0,20}?\b(\d)\b/g)) {
    if (Number(range[1]) <= Number(key) && Number(key) <= Number(range[2])) return true;
  }
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  return (
    new RegExp(`(^|[^0-9])${key}([^0-9]|$)`).test(text) ||
    new RegExp(`\\b${words[Number(key)]}\\b`, 'i').test(text)
  );
}

/**
 * Walks the flow from `start` with a caller who gives the same answer to every prompt (`''`: silence; lookups
 * succeed, transfers are answered); returns the loop it falls into, if any.
 */
function stubbornLoop(flow: Flow, start: ExploreState, digits: string): string[] | undefined {
  const seen = new Map<string, number>();
  const trail: string[] = [];
  let state = start;
  for (let i = 0; i < 400 && !state.done && !state.closing; i++) {
    const key = stateKey(state);
    const at = seen.get(key);
    if (at !== undefined) return trail.slice(at);
    seen.set(key, trail.length);
    trail.push(where(state));
    const event = stubbornInput(flow, state, digits);
    if (!event) return undefined;
    state = exploreStep(flow, state, event);
  }
  return undefined;
}

/**
 * What a stubborn caller's world does next: a lookup succeeds, a transfer is answered and its leg ends, a prompt
 * gets `digits`.
 */
function stubbornInput(flow: Flow, state: ExploreState, digits: string): ExploreEvent | undefined {
  const candidates = candidateInputs(flow, state);
  return (
    candidates.find((c) => c.stimulus.kind === 'lookup' && c.stimulus.outcome === 'done') ??
    candidates.find((c) => c.stimulus.kind === 'transfer' && c.stimulus.outcome === 'answered') ??
    candidates.find((c) => c.stimulus.kind === 'leg-ended') ??
    candidates.find((c) => c.stimulus.kind === 'prompt' && c.stimulus.digits === digits) ??
    // A prompt that collects nothing just ends.
    candidates.find((c) => c.stimulus.kind === 'prompt' && c.stimulus.digits === '')
  );
}

/** Who the stubborn callers are, in words, for a finding's message. */
const callerName = (digits: string, first: string | undefined) =>
  digits === ''
    ? 'a silent caller'
    : digits === first
      ? `a caller who always presses ${digits} (the first option)`
      : `a caller who always presses ${digits}`;

/**
 * Lints `flow`.
 *
 * @example
 * const report = lintFlow(bankFlow); // or lintFlow(flow, { explored: exploreFlow(flow) }) to reuse a graph
 * for (const f of report.findings) console.log(`${f.severity} ${f.rule} at ${f.state}: ${f.message}`);
 */
export function lintFlow(
  flow: Flow,
  options: ExploreOptions & { explored?: ReturnType<typeof exploreFlow> } = {},
): LintReport {
  const { states, edges } = options.explored ?? exploreFlow(flow, options);
  const findings: LintFinding[] = [];
  const add = (finding: LintFinding) => {
    if (!findings.some((f) => f.rule === finding.rule && f.state === finding.state)) findings.push(finding);
  };

  // Unreachable states: never entered on any explored path (transient states count when their transition runs).
  const visited = new Set<string>([statePath(initialTransition(flow.machine)[0].value)]);
  const taken = new Set(edges.flatMap((e) => e.event.transitions ?? []));
  const mark = (path: string) => {
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) visited.add(parts.slice(0, i).join('.'));
  };
  for (const { state } of states) if (state.snapshot) mark(statePath(state.snapshot.machine.value));
  for (const t of flowTransitions(flow)) if (taken.has(t.id)) mark(t.source);
  for (const node of stateNodes(flow.machine).slice(1)) {
    const path = nodePath(node);
    if (!visited.has(path))
      add({
        rule: 'unreachable-state',
        severity: 'error',
        state: path,
        message: 'no input the caller or the network can give leads here',
      });
  }

  for (const edge of edges) {
    const { stimulus, transitions } = edge.event;
    const last = edge.from.last[edge.from.last.length - 1];
    if (stimulus.kind !== 'prompt' || !collects(last)) continue;
    const state = where(edge.from);
    if ((transitions ?? []).length === 0 && !edge.to.done) {
      add(
        stimulus.digits === ''
          ? {
              rule: 'no-input-path',
              severity: 'error',
              state,
              message: 'collects digits but has no transition for silence: the caller hears nothing more',
            }
          : {
              rule: 'invalid-input-path',
              severity: 'error',
              state,
              message: `collects digits but has no transition for invalid input ("${stimulus.digits}"): the caller hears nothing more`,
            },
      );
    }
    if (/^[0-9*#]$/.test(stimulus.digits) && last?.method === 'speak' && optionTaken(flow, edge)) {
      const text = last.params.tts.message;
      if (!mentions(text, stimulus.digits))
        add({
          rule: 'unmentioned-option',
          severity: 'warning',
          state,
          message: `"${stimulus.digits}" is an option, but the prompt never mentions it: "${text}"`,
        });
    }
  }

  // Loops with no bound: a silent caller, or one who always presses the same wrong key or the first option,
  // brings the flow back to exactly the same state and counters.
  const { first, wrong } = adversarialKeys(reactiveDigitsOf(flow, edges));
  const stubborn = ['', ...(wrong !== undefined ? [wrong] : []), ...(first !== undefined ? [first] : [])];
  const loops = new Set<string>();
  for (const digits of stubborn) {
    for (const { state } of states) {
      if (state.done || !state.snapshot) continue;
      const loop = stubbornLoop(flow, state, digits);
      const members = loop ? [...new Set(loop)].sort().join(',') : '';
      if (!loop || loops.has(members)) continue;
      loops.add(members);
      add({
        rule: 'unbounded-loop',
        severity: 'error',
        state: loop[0] ?? where(state),
        message: `with ${callerName(digits, first)} the flow loops forever: ${[...loop, loop[0]].join(' → ')}`,
      });
    }
  }

  // No way to end: states from which no sequence of inputs makes the flow hang up (the caller hanging up aside).
  const canEnd = new Set<string>();
  const byKey = new Map<string, ExploredEdge[]>();
  for (const edge of edges) {
    if (['hangup', 'cap', 'lost-call-completed'].includes(edge.event.stimulus.kind)) continue;
    const key = stateKey(edge.from);
    byKey.set(key, [...(byKey.get(key) ?? []), edge]);
    if (edge.to.closing || (edge.to.done && edge.to.end === 'hung_up')) canEnd.add(key);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, list] of byKey) {
      if (!canEnd.has(key) && list.some((e) => canEnd.has(stateKey(e.to)))) {
        canEnd.add(key);
        changed = true;
      }
    }
  }
  for (const { state } of states) {
    if (!state.snapshot || state.done || state.closing || canEnd.has(stateKey(state))) continue;
    add({
      rule: 'no-end',
      severity: 'error',
      state: where(state),
      message:
        'from here no input leads the flow to hang up: only the caller or the call cap can end the call',
    });
  }
  for (const { state } of states)
    if (state.error)
      add({
        rule: 'no-end',
        severity: 'error',
        state: where(state),
        message: `the flow threw: ${state.error}`,
      });

  findings.sort((a, b) =>
    a.severity === b.severity ? a.state.localeCompare(b.state) : a.severity === 'error' ? -1 : 1,
  );
  return { flowId: flow.id, ok: !findings.some((f) => f.severity === 'error'), findings };
}

/** The entries that take an option somewhere in the explored graph (as `reactiveDigits`, without exploring again). */
function reactiveDigitsOf(flow: Flow, edges: readonly ExploredEdge[]): string[] {
  const found = new Set<string>();
  for (const edge of edges)
    if (edge.event.stimulus.kind === 'prompt' && edge.event.stimulus.digits !== '' && optionTaken(flow, edge))
      found.add(edge.event.stimulus.digits);
  return [...found];
}

/** Whether a single-key press took an option (a transition that is not a retry or an invalid branch). */
function optionTaken(flow: Flow, edge: ExploredEdge): boolean {
  const all = new Map(flowTransitions(flow).map((t) => [t.id, t]));
  return (edge.event.transitions ?? []).some((id) => all.get(id)?.kind === 'event');
}

/**
 * The lint report as text, one finding a line.
 *
 * @example
 * console.log(formatLint(lintFlow(bankFlow)));
 */
export function formatLint(report: LintReport): string {
  if (report.findings.length === 0) return `✓ ${report.flowId}: no findings`;
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  return [
    `${report.ok ? '✓' : '✗'} ${report.flowId}: ${errors} error(s), ${report.findings.length - errors} warning(s)`,
    ...report.findings.map((f) => `  ${f.severity.padEnd(7)} ${f.rule.padEnd(18)} ${f.state}: ${f.message}`),
  ].join('\n');
}
