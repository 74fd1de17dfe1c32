/**
 * How the CLI reports failures: one line on stderr with the cause and what to do, exit code 2 for usage and load
 * errors (a missing or broken flow file, a busy port, a bad cassette, unusable credentials), 1 for findings (a
 * command's own result: lint errors, a failed check, coverage under its threshold), 0 otherwise. Stack traces
 * only with `--debug` (or `IVRKIT_DEBUG=1`).
 *
 * @module
 */
import { type Command, UsageError } from './command.js';

/**
 * The exit codes of every command.
 *
 * @example
 * return report.ok ? EXIT.ok : EXIT.findings;
 */
export const EXIT = {
  /** Everything ran and nothing was found. */
  ok: 0,
  /** The command ran and found problems (lint errors, a failed check, coverage under the threshold). */
  findings: 1,
  /** The command could not run: a usage mistake, or something it needs could not be loaded. */
  usage: 2,
} as const;

/**
 * Something a command needs could not be loaded or used (a file, a flow, a cassette, credentials, a port): said
 * in one line, without the usage text, exit code 2. The message says the cause and what to do.
 *
 * @example
 * throw new LoadError(`${file} is not an ivrkit cassette: format: expected "ivrkit-cassette/1"`);
 */
export class LoadError extends Error {
  override readonly name = 'LoadError';
}

/**
 * Removes `--debug` from the arguments (anywhere on the line) and, when it was there, turns on stack traces for
 * this process through `IVRKIT_DEBUG=1`.
 *
 * @example
 * main(takeDebugFlag(process.argv.slice(2)));
 */
export function takeDebugFlag(argv: readonly string[]): string[] {
  const rest = argv.filter((arg) => arg !== '--debug');
  if (rest.length !== argv.length) process.env.IVRKIT_DEBUG = '1';
  return rest;
}

function debugging(): boolean {
  const value = process.env.IVRKIT_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}

/**
 * Runs a command and reports what it throws: the one call `main` makes.
 *
 * @example
 * process.exitCode = await runCommand('lint', lintCommand, ['./flow.ts']);
 */
export async function runCommand(
  name: string,
  command: Command,
  args: string[],
  stderr: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  try {
    return await command.run(args);
  } catch (error) {
    stderr.write(`${formatCliError(name, error, command.usage)}\n`);
    if (debugging()) stderr.write(`${stackOf(error)}\n`);
    return EXIT.usage;
  }
}

/**
 * The text for a failure of command `name`: a usage error with the command's usage, anything else in one line.
 *
 * @example
 * formatCliError('serve', Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 8080 }));
 * // 'ivrkit serve: port 8080 is already in use: stop what listens there, or pick another with --port (0 picks a free one)'
 */
export function formatCliError(name: string, error: unknown, usage?: string): string {
  if (error instanceof UsageError) return `ivrkit ${name}: ${error.message}${usage ? `\n\n${usage}` : ''}`;
  return `ivrkit ${name}: ${oneLine(explain(error))}`;
}

function explain(error: unknown): string {
  if (!(error instanceof Error)) return `${String(error)}${DEBUG_HINT}`;
  const { code, port, address } = error as { code?: unknown; port?: unknown; address?: unknown };
  if (code === 'EADDRINUSE') {
    const where =
      port === undefined ? 'the port' : `port ${String(port)}${address ? ` on ${String(address)}` : ''}`;
    return `${where} is already in use: stop what listens there, or pick another with --port (0 picks a free one)`;
  }
  if (code === 'EACCES' && port !== undefined)
    return `port ${String(port)} needs privileges this process lacks: pick one above 1023 with --port`;
  if (error.name === 'CredentialsError')
    return `${error.message}: set TELESIGN_CUSTOMER_ID and TELESIGN_API_KEY to the values TeleSign issued`;
  if (error instanceof LoadError || LOAD_ERRORS.has(error.name)) return error.message;
  return `${error.message}${DEBUG_HINT}`;
}

/** Errors of other packages whose message already says the cause and what to do. */
const LOAD_ERRORS = new Set(['FlowNotFoundError', 'CampaignListMismatchError', 'NumberListError']);

const DEBUG_HINT = ' (unexpected: run again with --debug for the stack trace)';

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push('Caused by:');
  }
  return lines.join('\n');
}
