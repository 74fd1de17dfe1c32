/**
 * `@ivrkit/cli/internal` — the demo stack `ivrkit demo` runs, for ivrkit's own tests and benchmarks.
 *
 * **Internal: not covered by semantic versioning.** It may change or disappear in any release. The CLI's public
 * interface is the `ivrkit` command; this entry point exists only so that other ivrkit packages can start the
 * demo in process.
 *
 * @internal
 * @module
 */

export { DEMO_INBOUND, DEMO_OUTBOUND } from './demo/demo-flows.js';
export { type DemoStack, type DemoStackOptions, startDemoStack } from './demo/stack.js';
