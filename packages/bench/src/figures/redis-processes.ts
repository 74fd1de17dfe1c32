/**
 * What the Redis figures share: a `redis-server` started as the tests start it (`@ivrkit/redis/testing`: a free
 * loopback port, a temporary directory, the append-only file on — fsynced before each answer, the persistence the
 * Redis README recommends, or every second, Redis's default), Redis's own CPU time, and adapter child processes on
 * it (`redis-adapter-process.ts`).
 *
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectRedis, type RedisConnection } from '@ivrkit/redis';
import { type RedisServer, redisServerAvailability, startRedisServer } from '@ivrkit/redis/testing';
import type { Figure } from '../figure.js';
import { processCpuMs } from '../servers/spawn-server.js';

/** A running adapter child on Redis. */
export interface RedisAdapterChild {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** CPU time it used so far (user + system), ms. */
  cpuMs(): Promise<number>;
  /** Its event loop's delay since the last call (or its start), ms. */
  loopDelay(): Promise<{ p50: number; p99: number; max: number }>;
  /** Stops it (disconnects IPC; SIGKILL after 5 s), resolving once gone. */
  stop(): Promise<void>;
}

/** A Redis server for one figure, with a connection of the bench's own to read its CPU time. */
export interface BenchRedis {
  readonly server: RedisServer;
  readonly url: string;
  /** Redis's CPU time so far (user + system of the server and its threads), ms, from `INFO cpu`. */
  cpuMs(): Promise<number>;
  /** Commands Redis has processed so far (`INFO stats`). */
  commands(): Promise<number>;
  /** Its data set, for a note: keys and memory used. */
  describe(): Promise<string>;
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./redis-adapter-process.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Why the Redis figures cannot run here (no `redis-server`), or `undefined`.
 *
 * @example
 * const reason = redisSkipReason();
 * if (reason) return skippedFigure('redis', reason);
 */
export function redisSkipReason(): string | undefined {
  const availability = redisServerAvailability();
  return availability.ok ? undefined : availability.reason;
}

/**
 * A figure saying the Redis figures were skipped, and why (it has no target: a skip is not a miss).
 *
 * @example
 * return [skippedFigure('redis.throughput', 'redis-server cannot be run')];
 */
export function skippedFigure(key: string, reason: string): Figure {
  return { key: `${key}.skipped`, label: `${key}: skipped`, value: Number.NaN, unit: '', note: reason };
}

/**
 * Starts a `redis-server` for a figure, its append-only file fsynced `always` (default) or `everysec`.
 *
 * @example
 * const redis = await startBenchRedis();
 * try { … } finally { await redis.close(); }
 */
export async function startBenchRedis(appendfsync: 'always' | 'everysec' = 'always'): Promise<BenchRedis> {
  const server = await startRedisServer({ appendfsync });
  const own: RedisConnection = await connectRedis({ url: server.url, prefix: 'bench-watch:' });
  const info = async (section: string) => {
    const text = await own.command<string>(['INFO', section]);
    return new Map(
      text
        .split(/\r?\n/)
        .filter((line) => line.includes(':'))
        .map((line) => line.split(':', 2) as [string, string]),
    );
  };
  return {
    server,
    url: server.url,
    async cpuMs() {
      const cpu = await info('cpu');
      return (Number(cpu.get('used_cpu_user')) + Number(cpu.get('used_cpu_sys'))) * 1000;
    },
    async commands() {
      return Number((await info('stats')).get('total_commands_processed'));
    },
    async describe() {
      const keys = await own.command<number>(['DBSIZE']);
      const memory = await info('memory');
      return `${keys} keys, ${memory.get('used_memory_human')} used`;
    },
    async close() {
      await own.close();
      await server.stop();
    },
  };
}

/**
 * Spawns an adapter child on Redis (`prefix` names the deployment's keys) and resolves when it listens. `clock`:
 * its time runs `speed` times real time from `origin`, as a simulator at that speed (the same for every child).
 *
 * @example
 * const child = await spawnRedisAdapter(redis.url, 'bench:');
 */
export function spawnRedisAdapter(
  redisUrl: string,
  prefix: string,
  clock?: { speed: number; origin: number },
): Promise<RedisAdapterChild> {
  const clockArgs = clock ? ['--speed', String(clock.speed), '--origin', String(clock.origin)] : [];
  const child: ChildProcess = fork(entry, ['--redis', redisUrl, '--prefix', prefix, ...clockArgs], {
    execArgv: [
      ...(process.env.BENCH_COMPILED === '1' ? [] : ['--conditions=ivrkit-source']),
      '--import',
      tsxLoader,
      // BENCH_PROFILE_DIR=<dir>: each adapter child writes a CPU profile there when it exits (as figure 1's do).
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`Redis adapter child exited early (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (message: { type: string; port: number }) => {
      if (message.type !== 'ready') return reject(new Error(`unexpected message ${JSON.stringify(message)}`));
      child.off('exit', onExit);
      const pid = child.pid as number;
      resolve({
        pid,
        port: message.port,
        url: `http://127.0.0.1:${message.port}`,
        cpuMs: () => processCpuMs(pid),
        loopDelay: () =>
          new Promise((done) => {
            const listen = (reply: { type: string; p50: number; p99: number; max: number }) => {
              if (reply.type !== 'loop') return;
              child.off('message', listen);
              done(reply);
            };
            child.on('message', listen);
            child.send({ type: 'loop' });
          }),
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
