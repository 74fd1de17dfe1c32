/**
 * `checkFlow`: property-based exploration of a flow against the simulator. fast-check generates scenarios, each
 * runs in virtual time through the real adapter, every invariant is checked, and a failure shrinks to the
 * smallest scenario that still shows it, printed as a ready-to-paste test with the seed.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import fc from 'fast-check';
import { adversarialScenarios } from './adversarial.js';
import { flowDigitsArb, type ScenarioArbOptions, scenarioArb } from './arbitraries.js';
import { type EvaluateOptions, evaluateScenario } from './evaluate.js';
import { reactiveDigits } from './explore.js';
import type { InvariantFailure } from './invariants.js';
import { counterexampleTest } from './print-test.js';
import type { Scenario } from './scenario.js';

/**
 * Options of {@link checkFlow}.
 *
 * @example
 * const options: CheckOptions = { numRuns: 200, seed: 42, maxRetries: 3, invariants: { short: (r) => r.durationMs < 300_000 || 'too long' } };
 */
export interface CheckOptions extends EvaluateOptions, Omit<ScenarioArbOptions, 'direction'> {
  /** Generated cases. Default 100. */
  numRuns?: number;
  /** fast-check seed, to reproduce a run. Default: random. */
  seed?: number;
  /** fast-check replay path (printed with a failure), with `seed`. */
  path?: string;
  /** How the flow is imported in the printed test. Default `import { flow } from './flow.js';`. */
  importLine?: string;
  /** Run the adversarial callers ({@link adversarialScenarios}) before the generated ones. Default true. */
  adversarial?: boolean;
  /** Called after each case (progress bars). */
  onCase?: (index: number, failures: InvariantFailure[]) => void;
}

/**
 * What {@link checkFlow} found.
 *
 * @example
 * if (!report.ok) console.log(report.test);
 */
export interface CheckReport {
  flowId: string;
  ok: boolean;
  /** Cases run (shrinking included). */
  cases: number;
  seed: number;
  /** fast-check's replay path of the counterexample. */
  path?: string;
  /** The smallest failing scenario. */
  counterexample?: Scenario;
  /** What it breaks. */
  failures: InvariantFailure[];
  /** A vitest test that reproduces the failure. */
  test?: string;
  elapsedMs: number;
  /** Cases per second (shrinking included). */
  casesPerSecond: number;
}

/**
 * The scenarios `checkFlow` generates for `flow`, for use with fast-check directly or `@fast-check/vitest`'s
 * `test.prop`: callers biased to the digits the flow reacts to, outbound answers, lookup and transfer outcomes,
 * faults.
 *
 * @example
 * test.prop([flowScenarios(bankFlow)])('the bank flow keeps its invariants', async (scenario) => {
 *   expect((await evaluateScenario(bankFlow, scenario)).failures).toEqual([]);
 * });
 */
export function flowScenarios(
  flow: Flow,
  options: Omit<ScenarioArbOptions, 'direction'> = {},
): fc.Arbitrary<Scenario> {
  const digits = options.digits ?? flowDigitsArb(reactiveDigits(flow));
  return scenarioArb({ ...options, digits, direction: flow.direction });
}

/**
 * Explores `flow` with the adversarial callers, then generated scenarios. Resolves with a report; never throws for
 * a failing flow.
 *
 * @example
 * const report = await checkFlow(bankFlow, { numRuns: 200, seed: 42 });
 * console.log(formatCheckReport(report));
 */
export async function checkFlow(flow: Flow, options: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  let cases = 0;
  // Callers press what the flow reacts to more often than chance would: deep states get reached.
  const arb = flowScenarios(flow, options);
  const property = fc.asyncProperty(arb, async (scenario) => {
    const { failures } = await evaluateScenario(flow, scenario, options);
    options.onCase?.(cases, failures);
    cases++;
    if (failures.length > 0) throw new InvariantError(failures);
  });
  // The adversarial callers first: the ones most likely to keep a caller on the line forever.
  const examples =
    options.adversarial === false ? [] : adversarialScenarios(flow).map((c) => [c.scenario] as [Scenario]);
  const details = await fc.check(property, {
    numRuns: options.numRuns ?? 100,
    examples,
    seed,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  const elapsedMs = performance.now() - started;
  const report: CheckReport = {
    flowId: flow.id,
    ok: !details.failed,
    cases,
    seed,
    failures: [],
    elapsedMs,
    casesPerSecond: cases / (elapsedMs / 1000),
  };
  if (details.failed && details.counterexample) {
    const [scenario] = details.counterexample;
    report.counterexample = scenario;
    report.path = details.counterexamplePath ?? '';
    report.failures =
      details.errorInstance instanceof InvariantError
        ? details.errorInstance.failures
        : [{ invariant: 'harness', message: String(details.errorInstance) }];
    report.test = counterexampleTest(flow, scenario, report, options);
  }
  return report;
}

/** Carries a case's failures out of the property (fast-check keeps the last error of the shrunk case). */
class InvariantError extends Error {
  override readonly name = 'InvariantError';
  constructor(readonly failures: InvariantFailure[]) {
    super(failures.map((f) => `${f.invariant}: ${f.message}`).join('\n'));
  }
}

/**
 * Thrown by {@link assertFlow}: its message is the formatted report.
 *
 * @example
 * await assertFlow(flow).catch((e) => { if (e instanceof FlowCheckError) console.log(e.report.test); });
 */
export class FlowCheckError extends Error {
  override readonly name = 'FlowCheckError';
  constructor(readonly report: CheckReport) {
    super(formatCheckReport(report));
  }
}

/**
 * `checkFlow` for test runners: resolves when every case passes, rejects with a {@link FlowCheckError} (the
 * failure, the shrunk scenario and a test to paste) otherwise.
 *
 * @example
 * it('the bank flow cannot trap a caller', () => assertFlow(bankFlow, { numRuns: 50 }));
 */
export async function assertFlow(flow: Flow, options: CheckOptions = {}): Promise<CheckReport> {
  const report = await checkFlow(flow, options);
  if (!report.ok) throw new FlowCheckError(report);
  return report;
}

/**
 * The report as text: a summary line, then for a failure what broke, the seed and path, and the test.
 *
 * @example
 * console.log(formatCheckReport(await checkFlow(bankFlow)));
 */
export function formatCheckReport(report: CheckReport): string {
  const speed = `${report.cases} cases in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.casesPerSecond.toFixed(1)} cases/s)`;
  if (report.ok) return `✓ ${report.flowId}: every invariant held — ${speed}, seed ${report.seed}`;
  const lines = [
    `✗ ${report.flowId}: ${report.failures.length} invariant(s) broken — ${speed}`,
    ...report.failures.map((f) => `  - ${f.invariant}: ${f.message}`),
    `  seed ${report.seed}, path "${report.path}" (reproduce: --seed ${report.seed})`,
    '',
    '  smallest scenario:',
    ...JSON.stringify(report.counterexample, null, 2)
      .split('\n')
      .map((l) => `    ${l}`),
  ];
  if (report.test) lines.push('', '  paste this test to keep it fixed:', '', report.test);
  return lines.join('\n');
}
