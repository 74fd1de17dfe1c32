/**
 * `ivrkit serve` as a child process (`spawnCli`: from the CLI's source, no wrapper process, so `kill('SIGKILL')`
 * kills the server itself), resolved once its event URL listener is up.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../../src/cli-child.js';

/** A running `ivrkit serve`. */
export interface ServeProcess {
  readonly name: string;
  readonly pid: number;
  /** Its event URL listener, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** What it wrote to stdout and stderr so far (for a failure message). */
  output(): string;
  /** `kill -9`, resolving once it is gone. */
  kill(): Promise<void>;
  /** SIGINT (a clean stop), resolving once gone. */
  stop(): Promise<void>;
}

/**
 * Starts `ivrkit serve <args…>` and resolves once its event URL listener is up.
 *
 * @example
 * const one = await startServe('a', ['./flow.ts', '--port', '0', '--store', redisUrl], env);
 */
export function startServe(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ServeProcess> {
  const { child, output } = spawnCli('serve', args, env);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ivrkit serve (${name}) did not start within 60 s:\n${output()}`));
    }, 60_000);
    const check = () => {
      const match = /event URL listener\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output());
      if (gone()) {
        clearTimeout(timer);
        reject(
          new Error(`ivrkit serve (${name}) exited (${child.exitCode ?? child.signalCode}):\n${output()}`),
        );
        return;
      }
      if (!match) {
        setTimeout(check, 25);
        return;
      }
      clearTimeout(timer);
      resolve({
        name,
        pid: child.pid as number,
        url: match[1] as string,
        child,
        output,
        async kill() {
          if (!gone()) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (!gone()) child.kill('SIGINT');
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(force);
        },
      });
    };
    check();
  });
}
