/**
 * One generated case, judged: run the scenario (and, when it has faults, the same scenario without them) and
 * check every invariant.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import {
  type BuiltinInvariant,
  type InvariantFailure,
  type InvariantOptions,
  judge,
  type UserInvariant,
} from './invariants.js';
import { type CaseRun, type RunScenarioOptions, runScenario } from './run-scenario.js';
import { hasFaults, type Scenario } from './scenario.js';

/**
 * Options of {@link evaluateScenario}.
 *
 * @example
 * const options: EvaluateOptions = { maxRetries: 3, skip: ['fault-tolerance'], invariants: { quick: (r) => r.durationMs < 120_000 } };
 */
export interface EvaluateOptions extends RunScenarioOptions, InvariantOptions {
  /** Built-in invariants not to check. */
  skip?: readonly BuiltinInvariant[];
  /** Your invariants, by name. */
  invariants?: Readonly<Record<string, UserInvariant>>;
}

/**
 * A judged case.
 *
 * @example
 * const { run, baseline, failures }: Evaluation = await evaluateScenario(flow, scenario);
 */
export interface Evaluation {
  run: CaseRun;
  /** The fault-free run, when the scenario had faults. */
  baseline?: CaseRun;
  failures: InvariantFailure[];
}

/**
 * Runs and judges one scenario. A printed counterexample calls this.
 *
 * @example
 * const { failures } = await evaluateScenario(bankFlow, { caller: { rules: [{ prompt: 1 }] } });
 * expect(failures).toEqual([]);
 */
export async function evaluateScenario(
  flow: Flow,
  scenario: Scenario,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const run = await runScenario(flow, scenario, options);
  let baseline: CaseRun | undefined;
  // Faults are compared with a clean run only where timing cannot matter: a caller who hangs up at a fixed moment
  // of the call may legitimately hang up at another point of a flow that a late event slowed down.
  if (hasFaults(scenario) && scenario.caller.hangupAtMs === undefined) {
    const { faults: _faults, ...clean } = scenario;
    baseline = await runScenario(flow, clean, options);
  }
  const failures = judge(run, {
    ...options,
    ...(baseline ? { baseline } : {}),
    ...(options.invariants ? { user: options.invariants } : {}),
  });
  return baseline ? { run, baseline, failures } : { run, failures };
}
