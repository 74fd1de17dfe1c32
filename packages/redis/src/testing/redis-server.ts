/**
 * A real `redis-server` for tests: Debian's binary, started on a free loopback port in a temporary directory
 * (no RDB snapshots, the append-only file on and fsynced before each answer), stopped after. Tests use it through {@link startRedisServer}, and
 * {@link redisServerAvailability} says whether the binary is there — where it is not, tests skip with the reason,
 * except under CI (`CI` or `IVRKIT_REQUIRE_REDIS` set), where a missing server is a failure.
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Options of {@link startRedisServer}.
 *
 * @example
 * const options: RedisServerOptions = { appendonly: true };
 */
export interface RedisServerOptions {
  /** The binary. Default `IVRKIT_REDIS_SERVER`, else `redis-server` on the `PATH`. */
  binary?: string;
  /** Keep an append-only file, so a restart loses nothing. Default `true`. */
  appendonly?: boolean;
  /**
   * When the append-only file is fsynced: `always` (default: before each answer, so even a crash loses nothing
   * acknowledged) or `everysec` (Redis's default: up to about two seconds of writes can be lost to a crash).
   */
  appendfsync?: 'always' | 'everysec';
  /** Extra `redis-server` arguments, e.g. `['--maxmemory', '64mb']`. */
  args?: readonly string[];
}

/**
 * A running server.
 *
 * @example
 * const server: RedisServer = await startRedisServer();
 * console.log(server.url); // redis://127.0.0.1:39xxx
 * await server.stop();
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Its working directory (where the append-only file lives). */
  readonly dir: string;
  /** Kills the server with SIGKILL (no shutdown save), leaving its files: a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (after {@link RedisServer.kill} or a stop of the process). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/**
 * Whether `redis-server` can be started here: `{ ok: true }`, or `{ ok: false, reason }` to print when skipping.
 * Under CI (`CI` set) a missing binary is an error to report, not a reason to skip: see {@link requireRedisServer}.
 *
 * @example
 * const availability = redisServerAvailability();
 * if (!availability.ok) console.warn(availability.reason);
 */
export function redisServerAvailability(
  binary = defaultBinary(),
): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return {
      ok: false,
      reason: `${binary} cannot be run (${probe.error?.message ?? `exit ${probe.status}`}); install it with apt-get install -y redis-server`,
    };
  }
  return { ok: true };
}

/**
 * For test files: `true` when Redis tests can run; `false` (after printing why) where `redis-server` is missing and
 * this is not CI. Throws under CI (`CI` or `IVRKIT_REQUIRE_REDIS` set, as `.ci/run` does): CI must never skip them.
 *
 * @example
 * const haveRedis = requireRedisServer();
 * describe.runIf(haveRedis)('redis store', () => { ... });
 */
export function requireRedisServer(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const availability = redisServerAvailability();
  if (availability.ok) return true;
  if (env.CI || env.IVRKIT_REQUIRE_REDIS) {
    throw new Error(`Redis tests cannot be skipped in CI: ${availability.reason}`);
  }
  console.warn(`skipping Redis tests: ${availability.reason}`);
  return false;
}

/**
 * Starts a `redis-server` on a free loopback port in a new temporary directory, and waits until it answers.
 *
 * @example
 * const server = await startRedisServer();
 * try { ... } finally { await server.stop(); }
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? defaultBinary();
  const dir = await mkdtemp(join(tmpdir(), 'ivrkit-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.appendonly === false ? 'no' : 'yes',
    '--appendfsync',
    options.appendfsync ?? 'always',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<never>((_, reject) =>
      child?.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${stderr.trim()}`))),
    );
    exited.catch(() => {});
    await Promise.race([waitUntilAnswering(port), exited]);
  };
  const killChild = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await gone;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill: killChild,
    async restart() {
      await killChild();
      await launch();
    },
    async stop() {
      await killChild();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function defaultBinary(): string {
  return process.env.IVRKIT_REDIS_SERVER || 'redis-server';
}

/** A loopback port nobody listens on right now (the OS's pick). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}

/** Resolves once a `PING` on `port` answers `+PONG` (the server has loaded its data and accepts commands). */
async function waitUntilAnswering(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${READY_TIMEOUT_MS} ms`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
