/**
 * The shape of one CLI command. Each command lives in its own file under `src/commands/` and default-exports one
 * of these; `main.ts` finds it by name.
 */
export interface Command {
  /** One line for `ivrkit help`. */
  summary: string;
  /** Usage text shown by `ivrkit help <name>` and after a usage error. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
