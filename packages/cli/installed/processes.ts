/**
 * Child processes for the installed-package test, in an environment scrubbed of this repository: no pnpm
 * variables, no `node_modules/.bin` of ours on the PATH, no source condition.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** The repository's root, whose tools must not leak into the user's project. */
export const REPO = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

/** `process.env` without pnpm's and npm's run variables, NODE_OPTIONS, or PATH entries inside the repository. */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|VITEST|TSX_)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => dir !== '' && !dir.startsWith(REPO))
    .join(':');
  return env;
}

/** A finished run. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running process whose output can be awaited. */
export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match in stdout+stderr; rejects if the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<Finished>;
}

/** Starts `command args` in `cwd` (with `env`, default {@link userEnv}). */
export function start(command: string, args: string[], cwd: string, env = userEnv()): Running {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<Finished>((resolve) => {
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const output = () => `${stdout}${stderr}`;
  return {
    child,
    output,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const match = output().match(pattern);
          if (match) return resolve(match);
          if (child.exitCode !== null || child.signalCode !== null)
            return reject(new Error(`${command} ${args.join(' ')} exited before ${pattern}:\n${output()}`));
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`timed out waiting for ${pattern}:\n${output()}`));
          setTimeout(check, 50);
        };
        check();
      });
    },
  };
}

/** Runs `command args` in `cwd` to its end; rejects with its output when it exits non-zero. */
export async function run(command: string, args: string[], cwd: string, env = userEnv()): Promise<Finished> {
  const finished = await start(command, args, cwd, env).exited;
  if (finished.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${finished.code}:\n${finished.stdout}\n${finished.stderr}`,
    );
  }
  return finished;
}
