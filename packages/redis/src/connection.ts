/**
 * One connection to Redis, shared by everything of this package in a process (store, scheduler, leases, pacer):
 * the official client (`@redis/client`), a deployment's key prefix, and Lua scripts run by their SHA.
 *
 * While Redis is unreachable, commands fail at once with {@link RedisUnavailableError} instead of queueing (an
 * event must be answered 503 so TeleSign delivers it again, not held), and the client reconnects by itself.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { StoreUnavailableError } from '@ivrkit/adapter-http';
import { createClient, ErrorReply, type RedisClientType } from '@redis/client';
import { checkPrefix } from './keys.js';

/**
 * Options of {@link connectRedis}.
 *
 * @example
 * const options: RedisConnectionOptions = { url: 'redis://127.0.0.1:6379/0', prefix: 'ivrkit:bank:' };
 */
export interface RedisConnectionOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string;
  /**
   * Prepended to every key, so several deployments (or tests) share one Redis. Default `ivrkit:`. May not contain
   * `{` or `}` (they would change the keys' hash tags).
   */
  prefix?: string;
  /** Give up connecting after this long. Default 5,000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts. Default 2,000 ms. */
  maxReconnectDelayMs?: number;
  /** Told about connection errors (the client retries by itself). Default: nothing. */
  onError?: (error: Error) => void;
}

/**
 * A connection.
 *
 * @example
 * const redis: RedisConnection = await connectRedis({ url: 'redis://127.0.0.1:6379' });
 * await redis.command(['PING']);
 */
export interface RedisConnection {
  /** The deployment's key prefix. */
  readonly prefix: string;
  /** Whether the client is connected right now. */
  readonly ready: boolean;
  /** Sends one command. Rejects with {@link RedisUnavailableError} while Redis cannot be reached. */
  command<T = unknown>(args: readonly string[]): Promise<T>;
  /** Runs a Lua script (by SHA, loading it on first use). */
  run<T = unknown>(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<T>;
  /** Closes the connection (pending commands finish first). */
  close(): Promise<void>;
}

/**
 * A Lua script with its SHA-1.
 *
 * @example
 * const ping = luaScript('return redis.call("PING")');
 */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Attempts to reach Redis at startup (about 350 ms in all) before giving up. */
const STARTUP_RETRIES = 3;

/**
 * Declares a Lua script.
 *
 * @example
 * const incr = luaScript('return redis.call("INCR", KEYS[1])');
 */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Raised for a command that could not reach Redis (not connected, or the connection dropped under it). Nothing
 * the command would have written can be assumed written or not: callers retry with compare-and-set.
 *
 * @example
 * if (error instanceof RedisUnavailableError) return { status: 503 };
 */
export class RedisUnavailableError extends StoreUnavailableError {
  override readonly name = 'RedisUnavailableError';
}

/**
 * Connects to Redis and waits for the first connection (rejects if it cannot be made within `connectTimeoutMs`).
 *
 * @example
 * const redis = await connectRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: 'ivrkit:prod:' });
 * const store = createRedisStore(redis);
 */
export async function connectRedis(options: RedisConnectionOptions): Promise<RedisConnection> {
  const prefix = checkPrefix(options.prefix ?? 'ivrkit:');
  const maxDelay = options.maxReconnectDelayMs ?? 2_000;
  let connected = false;
  const client: RedisClientType = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      // Before the first connection, a refused or failed attempt is given up after a few tries (a wrong URL should
      // say so at once); once connected, the client retries for as long as it takes.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected || retries < STARTUP_RETRIES ? Math.min(50 * 2 ** Math.min(retries, 10), maxDelay) : cause,
    },
  }) as unknown as RedisClientType;
  client.on('error', (error: Error) => options.onError?.(error));
  client.on('ready', () => {
    connected = true;
  });
  try {
    await connectWithin(client, options.connectTimeoutMs ?? 5_000);
  } catch (error) {
    client.destroy();
    throw new RedisUnavailableError(
      `cannot connect to ${redactUrl(options.url)}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  const command = async <T>(args: readonly string[]): Promise<T> => {
    if (!client.isReady)
      throw new RedisUnavailableError(`Redis (${redactUrl(options.url)}) is not connected`);
    try {
      return (await client.sendCommand(args as string[])) as T;
    } catch (error) {
      if (error instanceof ErrorReply) throw error;
      throw new RedisUnavailableError(
        `Redis (${redactUrl(options.url)}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };

  return {
    prefix,
    get ready() {
      return client.isReady;
    },
    command,
    async run<T>(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]) {
      const tail = [String(keys.length), ...keys, ...args.map(String)];
      try {
        return await command<T>(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        if (!(error instanceof ErrorReply && error.message.startsWith('NOSCRIPT'))) throw error;
        return command<T>(['EVAL', script.source, ...tail]);
      }
    },
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

/** The URL with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}

/** `client.connect()`, bounded: the client otherwise keeps retrying a server that is down. */
async function connectWithin(client: RedisClientType, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
