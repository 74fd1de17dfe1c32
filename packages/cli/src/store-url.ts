/**
 * Where `ivrkit serve` / `ivrkit campaign` keep calls, as a URL: `file:<dir>` (the default, embedded: nothing to
 * run), `memory:` (gone at exit), or `redis://[user:password@]host[:port][/db]` / `rediss://…` (TLS) for several
 * processes over one Redis, with `?prefix=<p>` naming the deployment's keys (default `ivrkit:`) and `?lease=<ms>`
 * how long a dead process's timers and lookups wait before another takes them (default 10,000). `--store` sets
 * it, else `--data <dir>` (a file store), else `IVRKIT_STORE`, else a file store under `.ivrkit-data/`.
 *
 * @module
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createFileStore,
  createMemoryStore,
  type Logger,
  type LookupLeases,
  type Scheduler,
  type Store,
} from '@ivrkit/adapter-http';
import type { RedisConnection } from '@ivrkit/redis';
import { UsageError } from './command.js';
import { importOptional } from './optional-dependency.js';

/** A parsed store URL. */
export type StoreSpec =
  | { kind: 'memory' }
  | { kind: 'file'; dir: string }
  | { kind: 'redis'; url: string; prefix: string; leaseMs: number };

/** How long a Redis lease lasts by default: a dead process's timers and lookups wait this long for another. */
export const DEFAULT_LEASE_MS = 10_000;

/** What a store URL may look like, for messages. */
export const STORE_URL_FORMS = 'redis://host:port[/db], rediss://host:port[/db], file:<dir> or memory:';

/**
 * Parses a store URL; a relative `file:` directory is resolved against `cwd`. Throws {@link UsageError} saying
 * what is wrong.
 *
 * @example
 * parseStoreUrl('redis://127.0.0.1:6379/2?prefix=bank:'); // { kind: 'redis', url: 'redis://127.0.0.1:6379/2', prefix: 'bank:' }
 * parseStoreUrl('file:.ivrkit-data/x'); // { kind: 'file', dir: '/…/.ivrkit-data/x' }
 */
export function parseStoreUrl(text: string, cwd = process.cwd(), source = '--store'): StoreSpec {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  const fail = (why: string): never => {
    throw new UsageError(`${source}: ${why} (expected ${STORE_URL_FORMS}; got ${JSON.stringify(text)})`);
  };
  if (scheme === 'memory') {
    if (trimmed.length > 'memory:'.length) fail('memory: takes nothing after the colon');
    return { kind: 'memory' };
  }
  if (scheme === 'file') {
    const rest = trimmed.slice('file:'.length);
    if (rest === '') fail('file: needs a directory, e.g. file:.ivrkit-data/serve');
    const dir = rest.startsWith('//') ? fileURLToPath(trimmed) : rest;
    return { kind: 'file', dir: resolve(cwd, dir) };
  }
  if (scheme === 'redis' || scheme === 'rediss') return parseRedisUrl(trimmed, fail);
  return fail(scheme === undefined ? 'not a URL' : `unknown kind of store "${scheme}:"`);
}

function parseRedisUrl(text: string, fail: (why: string) => never): StoreSpec {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('not a valid URL');
  }
  if (url.hostname === '') fail('a Redis URL needs a host');
  const db = url.pathname.replace(/^\/+/, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) fail(`the database is a number (/0 … /15), not "/${db}"`);
  const prefix = url.searchParams.get('prefix') ?? 'ivrkit:';
  if (/[{}]/.test(prefix)) fail('the key prefix may not contain { or }');
  const lease = url.searchParams.get('lease') ?? String(DEFAULT_LEASE_MS);
  if (!/^\d+$/.test(lease) || Number(lease) < 100) fail(`?lease= is in ms, at least 100, not "${lease}"`);
  for (const name of url.searchParams.keys()) {
    if (name !== 'prefix' && name !== 'lease') fail(`unknown option "${name}" (?prefix=<p>, ?lease=<ms>)`);
  }
  url.search = '';
  return { kind: 'redis', url: url.toString(), prefix, leaseMs: Number(lease) };
}

/**
 * The store the command should use: `--store`, else `--data <dir>`, else `IVRKIT_STORE`, else `defaultDir`.
 *
 * @example
 * storeSpecOf({ store: undefined, data: undefined }, process.env, '.ivrkit-data/serve-bank');
 */
export function storeSpecOf(
  values: { store?: string | undefined; data?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
  defaultDir: string,
  cwd = process.cwd(),
): StoreSpec {
  if (values.store !== undefined && values.data !== undefined) {
    throw new UsageError(
      '--store and --data both say where calls live: give one (--data <dir> is file:<dir>)',
    );
  }
  if (values.store !== undefined) return parseStoreUrl(values.store, cwd);
  if (values.data !== undefined) return { kind: 'file', dir: resolve(cwd, values.data) };
  if (env.IVRKIT_STORE) return parseStoreUrl(env.IVRKIT_STORE, cwd, 'IVRKIT_STORE');
  return { kind: 'file', dir: resolve(cwd, defaultDir) };
}

/**
 * A spec for people: the directory, `memory (gone at exit)`, or the Redis URL without its password.
 *
 * @example
 * describeStore({ kind: 'memory' }); // 'memory (gone at exit)'
 */
export function describeStore(spec: StoreSpec): string {
  if (spec.kind === 'memory') return 'memory (gone at exit)';
  if (spec.kind === 'file') return spec.dir;
  const url = new URL(spec.url);
  if (url.password) url.password = '***';
  return `${url.toString()} (keys ${spec.prefix}*)`;
}

/** An open store; on Redis, with the shared scheduler and lookup leases the runtime needs there. */
export interface OpenedStore {
  store: Store;
  spec: StoreSpec;
  /** The connection, for a Redis store. */
  redis: RedisConnection | undefined;
  /** Deadlines in Redis, for a Redis store (else the runtime keeps them in-process). */
  scheduler: Scheduler | undefined;
  /** Leases on pending lookups, for a Redis store. */
  leases: LookupLeases | undefined;
  /** Stops the scheduler and the leases (before the runtime closes: no deadline is taken and then dropped). */
  stopSharing(): Promise<void>;
  /** Closes the store and its connection. */
  close(): Promise<void>;
}

/**
 * Opens the store of a spec. The Redis client is loaded only for a Redis URL; `@ivrkit/redis` is an optional peer
 * dependency of the CLI, and a Redis URL without it is a one-line error saying what to install.
 *
 * @example
 * const opened = await openStore(parseStoreUrl('memory:'));
 */
export async function openStore(spec: StoreSpec, logger?: Logger): Promise<OpenedStore> {
  const local = (store: Store): OpenedStore => ({
    store,
    spec,
    redis: undefined,
    scheduler: undefined,
    leases: undefined,
    stopSharing: async () => {},
    close: () => store.close(),
  });
  if (spec.kind === 'memory') return local(createMemoryStore());
  if (spec.kind === 'file')
    return local(await createFileStore({ dir: spec.dir, ...(logger === undefined ? {} : { logger }) }));
  const { connectRedis, createRedisLookupLeases, createRedisScheduler, createRedisStore } =
    await importOptional('@ivrkit/redis', '--store redis://…', () => import('@ivrkit/redis'));
  const redis = await connectRedis({
    url: spec.url,
    prefix: spec.prefix,
    onError: (error) => logger?.warn({ error }, 'Redis connection failed; reconnecting'),
  });
  const onError = (error: unknown) =>
    logger?.warn({ error }, 'Redis scheduler or lease step failed; retried');
  const scheduler = createRedisScheduler(redis, { leaseMs: spec.leaseMs, onError });
  const leases = createRedisLookupLeases(redis, { leaseMs: spec.leaseMs, onError });
  const store = createRedisStore(redis);
  return {
    store,
    spec,
    redis,
    scheduler,
    leases,
    async stopSharing() {
      await leases.close();
      await scheduler.close();
    },
    async close() {
      await store.close();
      await redis.close();
    },
  };
}
