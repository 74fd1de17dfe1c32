/**
 * `@ivrkit/testing` — know before a single real call that a flow cannot trap, loop or drop a caller: property
 * tests against the simulator ({@link checkFlow}), path coverage ({@link measureCoverage}), static lint
 * ({@link lintFlow}), and record/replay of real exchanges ({@link createRecorder}, {@link replay}).
 *
 * @module
 */

export * from './adversarial.js';
export * from './arbitraries.js';
export * from './call-script.js';
export * from './cassette.js';
export * from './check-flow.js';
export * from './controlled-engine.js';
export * from './coverage.js';
export * from './diff/flow-diff.js';
export * from './diff/flow-model.js';
export * from './evaluate.js';
export * from './explore.js';
export * from './flow-paths.js';
export * from './invariants.js';
export * from './lint.js';
export * from './load/call-tracker.js';
export * from './load/html-report.js';
export * from './load/load-report.js';
export * from './load/personas.js';
export * from './load/run-load.js';
export * from './path-cover.js';
export * from './path-scenario.js';
export * from './paths-format.js';
export * from './print-test.js';
export * from './recorder.js';
export * from './replay.js';
export * from './run-scenario.js';
export * from './scenario.js';
export * from './trace.js';
export * from './transitions.js';
