/**
 * `@ivrkit/testing` — know before a single real call that a flow cannot trap, loop or drop a caller: property
 * tests against the simulator ({@link checkFlow}), path coverage ({@link measureCoverage}), static lint
 * ({@link lintFlow}), and record/replay of real exchanges ({@link createRecorder}, {@link replay}).
 *
 * @module
 */

export { type AdversarialCase, adversarialScenarios } from './adversarial.js';
export { flowDigitsArb, keypressArb, type ScenarioArbOptions, scenarioArb } from './arbitraries.js';
export { type CallStep, callScript, callSteps, formatCallStep } from './call-script.js';
export {
  CASSETTE_FORMAT,
  type Cassette,
  type CassetteCall,
  type CassetteEntry,
  CassetteFormatError,
  parseCassette,
} from './cassette.js';
export {
  assertFlow,
  type CheckOptions,
  type CheckReport,
  checkFlow,
  FlowCheckError,
  flowScenarios,
  formatCheckReport,
} from './check-flow.js';
export type { ControlledEngine } from './controlled-engine.js';
export { type CoverageOptions, type CoverageReport, formatCoverage, measureCoverage } from './coverage.js';
export {
  diffFlows,
  type FlowChange,
  type FlowDiff,
  formatFlowDiff,
  formatFlowDiffMarkdown,
} from './diff/flow-diff.js';
export { type FlowModel, flowModel } from './diff/flow-model.js';
export { type EvaluateOptions, type Evaluation, evaluateScenario } from './evaluate.js';
export {
  type ExploredEdge,
  type ExploreEvent,
  type ExploreOptions,
  type ExploreState,
  exploreFlow,
  reactiveDigits,
  type Stimulus,
} from './explore.js';
export { type FlowPath, type FlowPathsOptions, flowPaths } from './flow-paths.js';
export type { BuiltinInvariant, InvariantFailure, InvariantOptions, UserInvariant } from './invariants.js';
export { formatLint, type LintFinding, type LintReport, type LintRule, lintFlow } from './lint.js';
export type { FunnelRow, LoadOutcome } from './load/call-tracker.js';
export { loadReportHtml } from './load/html-report.js';
export {
  type CheckedExpectation,
  type Expectation,
  formatLoadReport,
  type LoadReport,
  type Percentiles,
  parseExpectation,
} from './load/load-report.js';
export {
  DEFAULT_MIX,
  PERSONAS,
  type Persona,
  type PersonaContext,
  type PromptEntries,
  parseMix,
  promptEntries,
} from './load/personas.js';
export { type LoadOptions, runLoad } from './load/run-load.js';
export { type PathScenario, pathToScenario } from './path-scenario.js';
export { type PathsToVitestOptions, pathsToMarkdown, pathsToVitest } from './paths-format.js';
export { createRecorder, type FetchHandler, type Recorder, type RecorderOptions } from './recorder.js';
export { formatReplay, type ReplayDifference, type ReplayReport, replay } from './replay.js';
export { type CaseRun, type RunScenarioOptions, runScenario } from './run-scenario.js';
export type { LookupOutcome, Scenario, ScenarioFaults, TransferOutcome } from './scenario.js';
export type { TraceStep } from './trace.js';
export type { TransitionInfo, TransitionKind } from './transitions.js';
