/**
 * Coverage: enumerate the flow's paths (see {@link exploreFlow}), pick the fewest that take every transition the
 * protocol can trigger, run each against the simulator as a scripted caller, and report which states and
 * transitions the real runs took — timeout, no-input and invalid-input edges included.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import { initialTransition } from 'xstate';
import { type ExploreOptions, exploreFlow } from './explore.js';
import { coverPaths } from './path-cover.js';
import { pathToScenario } from './path-scenario.js';
import { type RunScenarioOptions, runScenario } from './run-scenario.js';
import type { Scenario } from './scenario.js';
import { statePath } from './trace.js';
import {
  flowTransitions,
  nodePath,
  stateNodes,
  type TransitionInfo,
  type TransitionKind,
} from './transitions.js';

/**
 * Options of {@link measureCoverage}.
 *
 * @example
 * const options: CoverageOptions = { threshold: 90, externalId: 'appt-1' };
 */
export interface CoverageOptions extends RunScenarioOptions, ExploreOptions {
  /** Fail (`ok: false`) below this transition coverage, in percent. Default 0. */
  threshold?: number;
}

/**
 * A coverage report (JSON-ready).
 *
 * @example
 * const report = await measureCoverage(bankFlow, { threshold: 100 });
 * report.transitions.percent; // 100
 */
export interface CoverageReport {
  flowId: string;
  ok: boolean;
  threshold: number;
  states: { total: number; covered: number; percent: number; missed: string[] };
  transitions: { total: number; covered: number; percent: number; missed: TransitionInfo[] };
  /** Per kind of transition: covered / total. */
  byKind: Record<TransitionKind, { total: number; covered: number }>;
  /**
   * Transitions of reachable states that no input the protocol can send would take (a `play_completed` branch of
   * a state that only ever speaks): listed, and not counted. Transitions of unreachable states are counted (missed).
   */
  unexercisable: TransitionInfo[];
  /** The scenarios run, one per chosen path. */
  scenarios: Scenario[];
  elapsedMs: number;
}

/**
 * `[testing]` Default bound of one coverage run (virtual time): paths are short, a sound flow ends well before.
 *
 * @example
 * await measureCoverage(flow, { maxCallMs: 2 * COVERAGE_MAX_CALL_MS });
 */
export const COVERAGE_MAX_CALL_MS = 5 * 60_000;

const percent = (covered: number, total: number) =>
  total === 0 ? 100 : Math.round((covered / total) * 1000) / 10;

/**
 * Measures the path coverage of `flow` against the simulator.
 *
 * @example
 * const report = await measureCoverage(bankFlow);
 * console.log(formatCoverage(report));
 */
export async function measureCoverage(flow: Flow, options: CoverageOptions = {}): Promise<CoverageReport> {
  const started = performance.now();
  const all = flowTransitions(flow);
  const { states, edges } = exploreFlow(flow, options);
  const explored = new Set(edges.flatMap((e) => e.event.transitions ?? []));
  const reached = new Set<string>();
  for (const { state } of states) {
    const parts = state.snapshot ? statePath(state.snapshot.machine.value).split('.') : [];
    for (let i = 1; i <= parts.length; i++) reached.add(parts.slice(0, i).join('.'));
  }
  for (const t of all) if (explored.has(t.id)) reached.add(t.source);
  // Counted: every transition some input took, and every transition of a state nothing reaches (those are missed).
  // Not counted: transitions of reached states that no protocol input can take (a play_completed after a speak).
  const exercisable = new Set(
    all.filter((t) => explored.has(t.id) || !reached.has(t.source)).map((t) => t.id),
  );
  const chosen = coverPaths(edges);
  const taken = new Set<string>();
  const visited = new Set<string>();
  const initial = statePath(initialTransition(flow.machine)[0].value);
  const visit = (value: string) => {
    const parts = value.split('.');
    for (let i = 1; i <= parts.length; i++) visited.add(parts.slice(0, i).join('.'));
  };
  const scenarios: Scenario[] = [];
  for (const edge of chosen) {
    const { scenario, maxCallMs } = pathToScenario(edge.path);
    scenarios.push(scenario);
    const run = await runScenario(flow, scenario, {
      ...options,
      traceTransitions: true,
      // A path is walked in minutes; past it the caller is silent and a sound flow hangs up soon after.
      maxCallMs: maxCallMs ?? options.maxCallMs ?? COVERAGE_MAX_CALL_MS,
    });
    for (const step of [...run.preludeSteps, ...run.steps]) {
      for (const t of step.transitions ?? []) taken.add(t);
      for (const value of [step.before ?? initial, step.after]) visit(value);
    }
  }
  // A transient state (left by an eventless transition in the same step) is visited when its transition is taken.
  for (const t of all) if (taken.has(t.id)) visit(t.source);
  const counted = all.filter((t) => exercisable.has(t.id));
  const missed = counted.filter((t) => !taken.has(t.id));
  const nodes = stateNodes(flow.machine).slice(1).map(nodePath);
  const missedStates = nodes.filter((n) => !visited.has(n));
  const byKind = {} as CoverageReport['byKind'];
  for (const t of counted) {
    const entry = byKind[t.kind] ?? { total: 0, covered: 0 };
    byKind[t.kind] = entry;
    entry.total++;
    if (taken.has(t.id)) entry.covered++;
  }
  const threshold = options.threshold ?? 0;
  const transitionPercent = percent(counted.length - missed.length, counted.length);
  return {
    flowId: flow.id,
    ok: transitionPercent >= threshold,
    threshold,
    states: {
      total: nodes.length,
      covered: nodes.length - missedStates.length,
      percent: percent(nodes.length - missedStates.length, nodes.length),
      missed: missedStates,
    },
    transitions: {
      total: counted.length,
      covered: counted.length - missed.length,
      percent: transitionPercent,
      missed,
    },
    byKind,
    unexercisable: all.filter((t) => !exercisable.has(t.id)),
    scenarios,
    elapsedMs: performance.now() - started,
  };
}

/**
 * The report as a table.
 *
 * @example
 * console.log(formatCoverage(await measureCoverage(bankFlow)));
 */
export function formatCoverage(report: CoverageReport): string {
  const row = (name: string, covered: number, total: number) =>
    `  ${name.padEnd(14)} ${`${covered}/${total}`.padStart(9)} ${`${percent(covered, total)}%`.padStart(7)}`;
  const lines = [
    `${report.ok ? '✓' : '✗'} ${report.flowId}: ${report.transitions.percent}% of transitions, ${report.states.percent}% of states` +
      ` (${report.scenarios.length} scripted callers, ${(report.elapsedMs / 1000).toFixed(1)} s)` +
      (report.threshold ? `, threshold ${report.threshold}%` : ''),
    `  ${'kind'.padEnd(14)} ${'covered'.padStart(9)} ${'%'.padStart(7)}`,
    row('states', report.states.covered, report.states.total),
    row('transitions', report.transitions.covered, report.transitions.total),
    ...Object.entries(report.byKind).map(([kind, v]) => row(`  ${kind}`, v.covered, v.total)),
  ];
  for (const t of report.transitions.missed)
    lines.push(`  missed: ${t.source} —${t.event || 'always'}→ (${t.description})`);
  for (const s of report.states.missed) lines.push(`  missed state: ${s}`);
  if (report.unexercisable.length)
    lines.push(`  not counted: ${report.unexercisable.length} transitions no protocol input can take`);
  return lines.join('\n');
}
