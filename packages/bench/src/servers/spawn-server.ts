/**
 * Starts a server child process (`server-main.ts`) with Node's TypeScript loader (`tsx`) and the workspace's
 * source condition, directly under `node` — not through the `tsx` CLI, which would put a second process between
 * us and the server, so that `kill('SIGKILL')` really kills the server.
 *
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Options of {@link spawnServer}. */
export interface SpawnServerOptions {
  mode: 'bare' | 'adapter';
  store?: 'memory' | 'file';
  /** The file store's directory. */
  dir?: string;
  /** Port to listen on; 0 picks one. */
  port?: number;
  /** A simulator's base URL: the adapter gets a real TeleSign client on it. */
  telesignUrl?: string;
  /** The adapter's clock runs this many times faster than real time (as a sped-up simulator does). Default 1. */
  speed?: number;
}

/** A running server child. */
export interface ServerChild {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** The child's `process.memoryUsage()` right after a full GC. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Total CPU time the child used so far (user + system), in milliseconds, from `/proc`. */
  cpuMs(): Promise<number>;
  /** `kill -9`, resolving once it is gone. */
  kill(): Promise<void>;
  /** Asks it to stop (disconnects IPC), resolving once gone. */
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./server-main.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Spawns a server and resolves when it listens.
 *
 * @example
 * const server = await spawnServer({ mode: 'adapter' });
 * console.log(server.url);
 * await server.stop();
 */
export function spawnServer(options: SpawnServerOptions): Promise<ServerChild> {
  const args = [
    '--mode',
    options.mode,
    '--store',
    options.store ?? 'memory',
    '--port',
    String(options.port ?? 0),
  ];
  if (options.dir !== undefined) args.push('--dir', options.dir);
  if (options.telesignUrl !== undefined) args.push('--telesign', options.telesignUrl);
  if (options.speed !== undefined) args.push('--speed', String(options.speed));
  const child = fork(entry, args, {
    execArgv: [
      '--expose-gc',
      // BENCH_COMPILED=1: the packages' compiled dist/ (run `pnpm build` first), as a user installs them; only this
      // small entry file still goes through tsx. Otherwise their TypeScript source, through tsx.
      ...(process.env.BENCH_COMPILED === '1' ? [] : ['--conditions=ivrkit-source']),
      '--import',
      tsxLoader,
      // BENCH_PROFILE_DIR=<dir>: each server child writes a CPU profile there when it exits.
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server child exited early (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (message: { type: string; port: number }) => {
      if (message.type !== 'ready') return reject(new Error(`unexpected message ${JSON.stringify(message)}`));
      child.off('exit', onExit);
      const pid = child.pid as number;
      resolve({
        pid,
        port: message.port,
        url: `http://127.0.0.1:${message.port}`,
        process: child,
        memory: () =>
          new Promise((done) => {
            const listen = (reply: { type: string; usage: NodeJS.MemoryUsage }) => {
              if (reply.type !== 'memory') return;
              child.off('message', listen);
              done(reply.usage);
            };
            child.on('message', listen);
            child.send({ type: 'memory' });
          }),
        cpuMs: () => processCpuMs(pid),
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.disconnect();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(timer);
          }
        },
      });
    });
  });
}

/**
 * CPU time used by a process (user + system), in milliseconds, read from `/proc/<pid>/stat`.
 *
 * @example
 * const before = await processCpuMs(child.pid);
 */
export async function processCpuMs(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name; in clock ticks (100/s).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
