/**
 * Reading and writing call records: the {@link Store} under `call:<reference_id>`, with versioned compare-and-set
 * writes, and the {@link RecordCache} of the records this process wrote last.
 *
 * @module
 */
import type { Json, Store } from '../store/store.js';
import { type CallRecord, callKey } from './call-record.js';
import { type CachedRecord, createRecordCache } from './record-cache.js';

/**
 * Records of calls, read and written.
 *
 * @example
 * const records = createRecordAccess(store, 10_000);
 * const loaded = records.cached(id) ?? (await records.load(id));
 */
export interface RecordAccess {
  /** The record this process wrote last for the call, if it still has it. */
  cached(referenceId: string): CachedRecord | undefined;
  /** Forgets the cached record of a call (the store's copy is read next). */
  forget(referenceId: string): void;
  /** The call's record as stored, with its version. */
  load(referenceId: string): Promise<CachedRecord | undefined>;
  /**
   * Writes `record` if the stored version is still `expected`; caches it while the call lives. Resolves with the
   * version written, or `undefined` when the stored version was another (a conflict).
   */
  save(record: CallRecord, expected: number): Promise<number | undefined>;
  /** Every live and ended call's key. */
  keys(): Promise<string[]>;
  clear(): void;
}

/**
 * Creates a {@link RecordAccess} over `store`, caching up to `cacheSize` live records.
 *
 * @example
 * const records = createRecordAccess(createMemoryStore(), 10_000);
 */
export function createRecordAccess(store: Store, cacheSize: number): RecordAccess {
  const cache = createRecordCache(cacheSize);
  return {
    cached: (referenceId) => cache.get(referenceId),
    forget: (referenceId) => cache.delete(referenceId),
    async load(referenceId) {
      const loaded = await store.get<Json>(callKey(referenceId));
      return loaded && { record: loaded.value as unknown as CallRecord, version: loaded.version };
    },
    async save(record, expected) {
      const written = await store.compareAndSet(
        callKey(record.reference_id),
        record as unknown as Json,
        expected,
      );
      if (written.ok && !record.ended) cache.set(record.reference_id, { record, version: written.version });
      else cache.delete(record.reference_id);
      return written.ok ? written.version : undefined;
    },
    keys: () => store.keys('call:'),
    clear: () => cache.clear(),
  };
}
