/**
 * The lookup-lease port: on several processes sharing a store, each pending lookup is owned by the process running
 * it, under a lease it keeps renewing. When that process dies the lease runs out, and another process takes the
 * lookup over and runs it again — so **lookups must be safe to repeat** (a read is; a payment needs an idempotency
 * key, such as the call's `reference_id` with the lookup's id). Without leases (one process), a restart's
 * `resume()` runs pending lookups again instead.
 *
 * @module
 */

/**
 * Leases on calls' pending lookups (`@ivrkit/redis` implements them on Redis).
 *
 * @example
 * await leases.acquire('call-1', 'balance#1');
 * // … run the lookup, step its outcome in …
 * await leases.release('call-1', 'balance#1');
 */
export interface LookupLeases {
  /** Takes the lease of a lookup this process starts; it is renewed until released or abandoned. */
  acquire(referenceId: string, lookupId: string): Promise<void>;
  /** Gives the lease up: the lookup's outcome is stored (or it was cancelled or found settled). */
  release(referenceId: string, lookupId: string): Promise<void>;
  /** Stops renewing without releasing: the lease runs out and any process (this one too) takes the lookup over. */
  abandon(referenceId: string, lookupId: string): void;
  /**
   * Starts taking over lookups whose owner stopped renewing: `onOrphan` runs with the lease now held (and renewed)
   * by this process, which releases it once the lookup is settled. A rejected `onOrphan` abandons the lease.
   */
  start(onOrphan: (referenceId: string, lookupId: string) => Promise<void>): void;
  /** Stops taking over and renewing; leases still held run out, and other processes take them. */
  close(): Promise<void>;
}
