/**
 * Starts a server child process (`server-main.ts`) directly under `node` — not through the `tsx` CLI, which would
 * put a second process between us and the server, so that `kill('SIGKILL')` really kills the server. By default
 * it runs the workspace's TypeScript source through tsx's loader with the source condition, as `pnpm bench` and
 * the tests do; with `compiled` (or `BENCH_COMPILED=1`) it runs JavaScript only, as a user installs ivrkit: the
 * bench's own server files compiled by `build:servers`, importing the packages' built `dist/` through their
 * `exports`, under plain `node` with no loader and no source condition.
 *
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledBuildProblem, compiledServerEntry } from './compiled-entry.js';

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
  /**
   * The server entry file to run instead of this package's `server-main.ts`: another checkout's, to compare two
   * trees of the runtime under one load generator (`src/compare-figure1.ts`). It resolves `@ivrkit/*` from its own
   * tree. With `compiled`, a compiled entry (see `compiledServerEntry`).
   */
  entry?: string;
  /**
   * Run built JavaScript under plain `node` (no tsx, no source condition). Default: `BENCH_COMPILED=1` in the
   * environment.
   */
  compiled?: boolean;
  /** Write a CPU profile of the child into this directory when it exits. Default: `BENCH_PROFILE_DIR`. */
  profileDir?: string;
}

/** A running server child. */
export interface ServerChild {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** What the child runs: the `@ivrkit/adapter-http` module it resolved, and its Node flags (older entries: absent). */
  readonly runs: { adapter: string; execArgv: string[] } | undefined;
  /** The child's `process.memoryUsage()` right after a full GC. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Total CPU time the child used so far (user + system), in milliseconds, from `/proc`. */
  cpuMs(): Promise<number>;
  /** `kill -9`, resolving once it is gone. */
  kill(): Promise<void>;
  /** Asks it to stop (disconnects IPC), resolving once gone. */
  stop(): Promise<void>;
}

const sourceEntry = fileURLToPath(new URL('./server-main.ts', import.meta.url));
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
  const compiled = options.compiled ?? process.env.BENCH_COMPILED === '1';
  const entry = options.entry ?? (compiled ? compiledServerEntry() : sourceEntry);
  if (compiled && options.entry === undefined) {
    const problem = compiledBuildProblem();
    if (problem) throw new Error(problem);
  }
  const profileDir = options.profileDir ?? process.env.BENCH_PROFILE_DIR;
  const child = fork(entry, args, {
    execArgv: [
      '--expose-gc',
      ...(compiled ? [] : ['--conditions=ivrkit-source', '--import', tsxLoader]),
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server child exited early (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (message: { type: string; port: number; runs?: ServerChild['runs'] }) => {
      if (message.type !== 'ready') return reject(new Error(`unexpected message ${JSON.stringify(message)}`));
      child.off('exit', onExit);
      const pid = child.pid as number;
      resolve({
        pid,
        port: message.port,
        url: `http://127.0.0.1:${message.port}`,
        process: child,
        runs: message.runs,
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
