/**
 * The persistence port: a key → JSON value map with versioned compare-and-set writes. Small on purpose, so a
 * shared store (Redis: `GET`, a `WATCH`/`MULTI` or Lua compare-and-set, `SCAN MATCH prefix*`) implements it
 * unchanged — that is the scale-out path: several runtimes over one Redis.
 *
 * @module
 */

/**
 * A JSON value, as stored.
 *
 * @example
 * const value: Json = { step: 'menu', digits: ['1'] };
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/**
 * A stored value and its version (1 for the first write, +1 per write).
 *
 * @example
 * const found: Versioned<Json> | undefined = await store.get('call:abc');
 */
export interface Versioned<T> {
  value: T;
  version: number;
}

/**
 * The answer of {@link Store.compareAndSet}: the new version, or the version found instead (0: absent).
 *
 * @example
 * const result: CasResult = await store.compareAndSet('k', 1, 0);
 * if (!result.ok) console.log('found version', result.version);
 */
export type CasResult = { ok: true; version: number } | { ok: false; version: number };

/**
 * Versioned key-value persistence. Implementations must make `compareAndSet` atomic with respect to every other
 * writer of the same key, and must never expose a partly written value.
 *
 * @example
 * const found = await store.get<CallRecord>('call:abc');
 * const result = await store.compareAndSet('call:abc', next, found?.version ?? 0);
 * if (!result.ok) { ... someone else wrote first: re-read and retry ... }
 */
export interface Store {
  /** The value of `key` and its version, or `undefined` when absent. */
  get<T extends Json>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes `value` only if the stored version is `expectedVersion` (`0`: only if `key` is absent).
   * Resolves `{ ok: true, version }` with the new version, or `{ ok: false, version }` with the one found.
   */
  compareAndSet(key: string, value: Json, expectedVersion: number): Promise<CasResult>;
  /** Deletes `key` (only at `expectedVersion` when given). Resolves whether something was deleted. */
  delete(key: string, expectedVersion?: number): Promise<boolean>;
  /** Every key starting with `prefix`, in no particular order. */
  keys(prefix: string): Promise<string[]>;
  /** Releases files, connections, locks. */
  close(): Promise<void>;
}

/**
 * Thrown by a store that cannot be reached right now (a shared store's server is down, restarting or cut off).
 * Nothing was lost: the operation may or may not have been applied, and compare-and-set makes a retry safe. The
 * webhook runtime answers such an event 503, so TeleSign delivers it again.
 *
 * @example
 * throw new StoreUnavailableError('redis://10.0.0.5:6379 is not connected');
 */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
}

/**
 * Whether `error` is (or was caused by) a {@link StoreUnavailableError}.
 *
 * @example
 * if (isStoreUnavailableError(error)) return { status: 503, body: null };
 */
export function isStoreUnavailableError(error: unknown): error is StoreUnavailableError {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
  }
  return false;
}

/**
 * Thrown by {@link updateWithRetry} when a key keeps changing under it.
 *
 * @example
 * try { await updateWithRetry(store, key, next); } catch (e) { if (isStoreConflictError(e)) retryLater(); }
 */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  constructor(
    readonly key: string,
    attempts: number,
  ) {
    super(`store key ${JSON.stringify(key)} changed under ${attempts} consecutive writes`);
  }
}

/**
 * Whether `error` is a {@link StoreConflictError}.
 *
 * @example
 * if (isStoreConflictError(error)) log.warn({ key: error.key }, 'contention');
 */
export function isStoreConflictError(error: unknown): error is StoreConflictError {
  return error instanceof StoreConflictError;
}

/**
 * Read-modify-write with compare-and-set, retried when another writer got there first. `update` receives the
 * current value (or `undefined`) and returns the next one, or `undefined` to write nothing.
 *
 * @example
 * await updateWithRetry<number>(store, 'counter', (n) => (n ?? 0) + 1);
 */
export async function updateWithRetry<T extends Json>(
  store: Store,
  key: string,
  update: (current: T | undefined) => T | undefined,
  attempts = 10,
): Promise<Versioned<T> | undefined> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await store.get<T>(key);
    const next = update(current?.value);
    if (next === undefined) return current;
    const result = await store.compareAndSet(key, next, current?.version ?? 0);
    if (result.ok) return { value: next, version: result.version };
  }
  throw new StoreConflictError(key, attempts);
}
