/**
 * `@ivrkit/cli` — the `ivrkit` command. Its commands are also importable for scripts and tests.
 *
 * @module
 */
export { type Command, UsageError } from './command.js';
export { DEMO_INBOUND, DEMO_OUTBOUND } from './demo/demo-flows.js';
export { type DemoStack, type DemoStackOptions, startDemoStack } from './demo/stack.js';
