/**
 * `@ivrkit/cli` — the `ivrkit` command. Its commands are also importable for scripts and tests.
 *
 * @module
 */
export { type Command, UsageError } from './command.js';
