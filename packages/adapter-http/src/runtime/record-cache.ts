/**
 * The call records this process wrote last, with their store versions: a step starts from the cached record
 * instead of reading (and decoding) it again. The store stays the authority — a write is compare-and-set on the
 * cached version, so a record changed elsewhere (another process on a shared store) fails the write and the step
 * is redone from a fresh read.
 *
 * @module
 */
import type { CallRecord } from './call-record.js';

/** A record and the store version it was written at. */
export interface CachedRecord {
  record: CallRecord;
  version: number;
}

/**
 * A bounded cache of records by `reference_id`, least recently written first out.
 *
 * @example
 * const cache = createRecordCache(1_000);
 * cache.set(record.reference_id, { record, version: 3 });
 */
export interface RecordCache {
  get(referenceId: string): CachedRecord | undefined;
  set(referenceId: string, entry: CachedRecord): void;
  delete(referenceId: string): void;
  clear(): void;
}

/**
 * Creates a cache of at most `capacity` records (`0`: caches nothing).
 *
 * @example
 * const cache = createRecordCache(10_000);
 */
export function createRecordCache(capacity: number): RecordCache {
  const entries = new Map<string, CachedRecord>();
  return {
    get: (referenceId) => entries.get(referenceId),
    set(referenceId, entry) {
      if (capacity <= 0) return;
      entries.delete(referenceId);
      entries.set(referenceId, entry);
      if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
    delete: (referenceId) => {
      entries.delete(referenceId);
    },
    clear: () => entries.clear(),
  };
}
