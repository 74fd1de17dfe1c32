/**
 * An `ivrkit` command as a child process, run from the CLI's TypeScript source directly under `node` (tsx's loader
 * and the workspace's source condition) — no wrapper process, so `kill('SIGKILL')` kills the command itself.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_MAIN = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A started `ivrkit` command and everything it wrote to stdout and stderr so far. */
export interface CliChild {
  readonly child: ChildProcess;
  /** stdout and stderr together, in arrival order. */
  output(): string;
}

/**
 * Starts `ivrkit <command> <args…>` with `env` added to this process's environment.
 *
 * @example
 * const { child, output } = spawnCli('serve', ['./flow.ts', '--port', '0'], {});
 */
export function spawnCli(command: string, args: readonly string[], env: NodeJS.ProcessEnv): CliChild {
  const child = spawn(
    process.execPath,
    ['--conditions=ivrkit-source', '--import', TSX_LOADER, CLI_MAIN, command, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: unknown) => {
    output += String(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => output };
}
