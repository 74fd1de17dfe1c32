/**
 * The paths of a flow a caller can take from the first ring to the IVR's goodbye: explored (see
 * {@link exploreFlow}), the fewest that take every transition picked ({@link coverPaths}), each run through the
 * simulator as a scripted caller and read back as what the caller heard and did ({@link callSteps}). What
 * `ivrkit paths` prints as a vitest file or a call script.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import { type CallStep, callSteps, formatCallStep } from './call-script.js';
import {
  type ExploredEdge,
  type ExploreEvent,
  type ExploreOptions,
  exploreFlow,
  type Stimulus,
  stateKey,
} from './explore.js';
import { coverPaths } from './path-cover.js';
import { pathToScenario } from './path-scenario.js';
import { type RunScenarioOptions, runScenario } from './run-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * One path of a flow, run.
 *
 * @example
 * const [first]: FlowPath[] = await flowPaths(bankFlow);
 * first.title; // 'hears welcome → presses 1 → hears account → …'
 */
export interface FlowPath {
  /** The path in short: the nodes heard and the keys pressed, with its {@link conditions}. */
  title: string;
  /** The scripted caller and forced outcomes that walk it. */
  scenario: Scenario;
  /** What the caller does not hear but the path depends on: `the 1st lookup (balance) fails`. */
  conditions: string[];
  /** What the caller heard and did. */
  steps: CallStep[];
  /** The steps as lines ({@link formatCallStep}): what a generated test asserts. */
  lines: string[];
}

/**
 * Options of {@link flowPaths}: how to explore, and how to run each path (an outbound flow's `externalId`…).
 *
 * @example
 * await flowPaths(reminderFlow, { externalId: 'appt-1' });
 */
export interface FlowPathsOptions extends ExploreOptions, Omit<RunScenarioOptions, 'traceTransitions'> {}

const CALLER_STIMULI = new Set<Stimulus['kind']>([
  'start',
  'prompt',
  'lookup',
  'transfer',
  'leg-ended',
  'wait',
]);

/** An edge a scripted call may take: caller input, a lookup or transfer outcome, or the line closing after the IVR hung up. */
function callerEdge(edge: ExploredEdge): boolean {
  const kind = edge.event.stimulus.kind;
  return CALLER_STIMULI.has(kind) || (kind === 'hangup' && edge.from.closing);
}

/** An edge that ends a call well: the flow finished, without a broken step. */
function endsCall(edge: ExploredEdge): boolean {
  return callerEdge(edge) && edge.to.done && edge.to.error === undefined;
}

/**
 * Every whole call through the explored graph: for each edge a caller can take (reached by caller edges only),
 * its shortest path from the start, the edge, and the shortest way on from there to the end of the call.
 */
function completeCalls(edges: readonly ExploredEdge[]): Array<{ path: ExploreEvent[] }> {
  const usable = edges.filter(callerEdge);
  const onward = new Map<string, ExploreEvent[]>();
  for (const edge of usable) if (endsCall(edge)) onward.set(stateKey(edge.from), [edge.event]);
  // Shortest continuation to an end from each state, relaxed until nothing shortens (the graph is small).
  for (let changed = true; changed; ) {
    changed = false;
    for (const edge of usable) {
      const rest = onward.get(stateKey(edge.to));
      if (!rest || edge.to.done) continue;
      const from = stateKey(edge.from);
      const known = onward.get(from);
      if (known === undefined || rest.length + 1 < known.length) {
        onward.set(from, [edge.event, ...rest]);
        changed = true;
      }
    }
  }
  const calls: Array<{ path: ExploreEvent[] }> = [];
  for (const edge of usable) {
    if (!edge.path.slice(0, -1).every((event) => CALLER_STIMULI.has(event.stimulus.kind))) continue;
    if (edge.to.done) {
      if (endsCall(edge)) calls.push({ path: edge.path });
      continue;
    }
    const rest = onward.get(stateKey(edge.to));
    if (rest) calls.push({ path: [...edge.path, ...rest] });
  }
  return calls;
}

const ORDINALS = ['1st', '2nd', '3rd'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

function conditionsOf(scenario: Scenario, lookupNames: string[]): string[] {
  const conditions: string[] = [];
  (scenario.lookups ?? []).forEach((outcome, index) => {
    if (outcome === 'done') return;
    const name = lookupNames[index] ?? '';
    const which =
      index === 0
        ? `the ${name || 'first'} lookup`
        : `the ${ordinal(index + 1)} lookup${name ? ` (${name})` : ''}`;
    conditions.push(`${which} ${outcome === 'failed' ? 'fails' : 'times out'}`);
  });
  return conditions;
}

function titlePart(step: CallStep): string | undefined {
  switch (step.kind) {
    case 'hears':
      return `hears ${step.state ?? (step.text ?? step.urls.join(' ')).slice(0, 24)}`;
    case 'presses':
      return `presses ${step.digits}`;
    case 'silent':
      return 'stays silent';
    case 'transfer':
      return `transfer ${step.outcome ?? ''}`.trim();
    case 'hangs-up':
      return step.by === 'caller' ? 'hangs up' : step.by === 'ivr' ? 'IVR hangs up' : 'other side hangs up';
    case 'ends':
      return undefined;
  }
}

function titleOf(steps: CallStep[], conditions: string[]): string {
  const title = steps
    .map(titlePart)
    .filter((part) => part !== undefined)
    .join(' → ');
  return conditions.length > 0 ? `${title} (${conditions.join('; ')})` : title;
}

/**
 * The flow's call paths: the fewest complete calls that take every transition a caller (with lookup and transfer
 * outcomes) can take, each run against the simulator in virtual time, sorted by what the caller hears and does.
 * Paths that end by the caller hanging up, a lost event or the call cap are left out: they are no one's script.
 *
 * @example
 * for (const path of await flowPaths(bankFlow)) console.log(path.title);
 */
export async function flowPaths(flow: Flow, options: FlowPathsOptions = {}): Promise<FlowPath[]> {
  const { limit, ...runOptions } = options;
  const { edges } = exploreFlow(flow, limit === undefined ? {} : { limit });
  const chosen = coverPaths(completeCalls(edges));
  const paths: FlowPath[] = [];
  for (const edge of chosen) {
    const last = edge.path[edge.path.length - 1];
    const path = last?.stimulus.kind === 'hangup' ? edge.path.slice(0, -1) : edge.path;
    const { scenario, maxCallMs } = pathToScenario(path);
    const run = await runScenario(flow, scenario, {
      ...runOptions,
      ...(maxCallMs !== undefined ? { maxCallMs } : {}),
    });
    const steps = callSteps(run);
    const conditions = conditionsOf(
      scenario,
      run.lookups.map((l) => l.name),
    );
    paths.push({
      title: titleOf(steps, conditions),
      scenario,
      conditions,
      steps,
      lines: steps.map(formatCallStep),
    });
  }
  paths.sort((a, b) => compareLines(a.lines, b.lines) || a.title.localeCompare(b.title));
  const seen = new Map<string, number>();
  for (const path of paths) {
    const count = (seen.get(path.title) ?? 0) + 1;
    seen.set(path.title, count);
    if (count > 1) path.title = `${path.title} #${count}`;
  }
  return paths;
}

function compareLines(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = (a[i] as string).localeCompare(b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
