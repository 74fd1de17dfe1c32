/**
 * Remembers the nonces of recently verified requests so that a replayed request is refused. Entries expire after
 * the Date skew window: a request older than that is refused for its Date anyway.
 */
export interface NonceCache {
  /** Records `nonce`; `false` when it was already seen within the window (a replay). */
  claim(nonce: string): boolean;
}

/** Options of {@link createNonceCache}. */
export interface NonceCacheOptions {
  /** How long a nonce is remembered, in milliseconds. */
  ttlMs: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** The most nonces kept; the oldest are forgotten first. Default 100,000. */
  maxEntries?: number;
}

/**
 * An in-memory {@link NonceCache}. One process's memory: a fleet of verifiers needs a shared one.
 *
 * @example
 * const nonces = createNonceCache({ ttlMs: 15 * 60_000 });
 * nonces.claim('A1592C6F'); // true
 * nonces.claim('A1592C6F'); // false: replayed
 */
export function createNonceCache(options: NonceCacheOptions): NonceCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 100_000;
  // A Map iterates in insertion order, which is expiry order because the TTL is fixed.
  const seen = new Map<string, number>();
  const evictExpired = (at: number): void => {
    for (const [nonce, expiresAt] of seen) {
      if (expiresAt > at && seen.size <= maxEntries) break;
      seen.delete(nonce);
    }
  };
  return {
    claim(nonce) {
      const at = now();
      evictExpired(at);
      if (seen.has(nonce)) return false;
      seen.set(nonce, at + options.ttlMs);
      return true;
    },
  };
}
