import type { CasResult, Json, Store, Versioned } from './store.js';

/**
 * A {@link Store} in this process's memory: for tests and throwaway runs. Values are copied in and out (as JSON),
 * so callers can never mutate what is stored.
 *
 * @example
 * const store = createMemoryStore();
 * await store.compareAndSet('call:abc', { step: 1 }, 0); // { ok: true, version: 1 }
 */
export function createMemoryStore(): Store & { size(): number } {
  const entries = new Map<string, { text: string; version: number }>();
  return {
    async get<T extends Json>(key: string): Promise<Versioned<T> | undefined> {
      const entry = entries.get(key);
      return entry && { value: JSON.parse(entry.text) as T, version: entry.version };
    },
    async compareAndSet(key, value, expectedVersion): Promise<CasResult> {
      const version = entries.get(key)?.version ?? 0;
      if (version !== expectedVersion) return { ok: false, version };
      entries.set(key, { text: JSON.stringify(value), version: version + 1 });
      return { ok: true, version: version + 1 };
    },
    async delete(key, expectedVersion) {
      const entry = entries.get(key);
      if (!entry || (expectedVersion !== undefined && entry.version !== expectedVersion)) return false;
      return entries.delete(key);
    },
    async keys(prefix) {
      return [...entries.keys()].filter((key) => key.startsWith(prefix));
    },
    async close() {},
    size: () => entries.size,
  };
}
