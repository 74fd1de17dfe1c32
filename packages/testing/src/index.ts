/**
 * `@ivrkit/testing` — know before a single real call that a flow cannot trap, loop or drop a caller: property
 * tests against the simulator ({@link checkFlow}), path coverage ({@link measureCoverage}), static lint
 * ({@link lintFlow}), and record/replay of real exchanges ({@link createRecorder}, {@link replay}).
 *
 * @module
 */

export { type AdversarialCase, adversarialKeys, adversarialScenarios } from './adversarial.js';
export {
  callerArb,
  faultsArb,
  flowDigitsArb,
  keypressArb,
  reactionArb,
  type ScenarioArbOptions,
  scenarioArb,
} from './arbitraries.js';
export { type CallStep, callScript, callSteps, formatCallStep, promptStates } from './call-script.js';
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
export {
  type ControlledEngine,
  type ControlledEngineOptions,
  controlledEngine,
} from './controlled-engine.js';
export {
  COVERAGE_MAX_CALL_MS,
  type CoverageOptions,
  type CoverageReport,
  formatCoverage,
  measureCoverage,
} from './coverage.js';
export {
  diffFlows,
  type FlowChange,
  type FlowDiff,
  formatFlowDiff,
  formatFlowDiffMarkdown,
} from './diff/flow-diff.js';
export { describeAction, type FlowModel, flowModel } from './diff/flow-model.js';
export { type EvaluateOptions, type Evaluation, evaluateScenario } from './evaluate.js';
export {
  candidateInputs,
  digitCandidates,
  type ExploredEdge,
  type ExploreEvent,
  type ExploreOptions,
  type ExploreState,
  exploreFlow,
  exploreStep,
  reactiveDigits,
  type Stimulus,
  stateKey,
} from './explore.js';
export { type FlowPath, type FlowPathsOptions, flowPaths } from './flow-paths.js';
export {
  BUILTIN_INVARIANTS,
  type BuiltinInvariant,
  exchangeSignature,
  type InvariantFailure,
  type InvariantOptions,
  judge,
  type UserInvariant,
} from './invariants.js';
export { formatLint, type LintFinding, type LintReport, type LintRule, lintFlow } from './lint.js';
export {
  CALL_ENDED_EXIT,
  type CallTracker,
  createCallTracker,
  type FunnelRow,
  LOAD_OUTCOMES,
  type LoadOutcome,
  type TrackedCallEnd,
} from './load/call-tracker.js';
export { loadReportHtml } from './load/html-report.js';
export {
  type CheckedExpectation,
  checkExpectations,
  type Expectation,
  formatLoadReport,
  type LoadReport,
  type Percentiles,
  parseExpectation,
  percentiles,
} from './load/load-report.js';
export {
  assignPersonas,
  DEFAULT_MIX,
  PERSONAS,
  type Persona,
  type PersonaContext,
  type PromptEntries,
  parseMix,
  promptEntries,
} from './load/personas.js';
export { type LoadOptions, runLoad } from './load/run-load.js';
export { coverPaths } from './path-cover.js';
export { type PathScenario, pathToScenario } from './path-scenario.js';
export { type PathsToVitestOptions, pathsToMarkdown, pathsToVitest } from './paths-format.js';
export { counterexampleTest } from './print-test.js';
export { createRecorder, type FetchHandler, type Recorder, type RecorderOptions } from './recorder.js';
export { formatReplay, type ReplayDifference, type ReplayReport, replay } from './replay.js';
export { type CaseRun, HARNESS_EVENT_URL, type RunScenarioOptions, runScenario } from './run-scenario.js';
export {
  DEFAULT_LEG_MS,
  DELAY_RANGE_MS,
  hasFaults,
  type LookupOutcome,
  type Scenario,
  type ScenarioFaults,
  type TransferOutcome,
  toFaultOptions,
} from './scenario.js';
export { statePath, type TraceStep } from './trace.js';
export {
  flowTransitions,
  nodePath,
  stateNodes,
  type TransitionInfo,
  type TransitionKind,
  takenTransitions,
} from './transitions.js';
