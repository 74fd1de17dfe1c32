/**
 * Faults, seeded and reproducible: what can go wrong between TeleSign and the customer. Set them for the whole
 * simulator (`createSimulator({ faults })`) or per call (`placeInboundCall({ faults })`, a callee's `faults`);
 * per-call values override the simulator's field by field. Every draw comes from the call's own PRNG, seeded from
 * the simulator's seed and the call's reference id, so a run replays exactly.
 *
 * @module
 */

/**
 * A range of milliseconds, drawn uniformly.
 *
 * @example
 * const delay: FaultOptions['delay'] = { probability: 0.1, minMs: 200, maxMs: 2_000 };
 */
export interface MsRange {
  minMs: number;
  maxMs: number;
}

/**
 * Which faults to inject, and how often. Probabilities are per event (or per request), from 0 to 1.
 *
 * @example
 * const faults: FaultOptions = { duplicate: 0.1, lose: 0.05, delay: { probability: 0.2, minMs: 100, maxMs: 2_000 } };
 */
export interface FaultOptions {
  /** An event is delivered twice (the copy right after the first delivery ends). */
  duplicate?: number;
  /** An event is held back and delivered after the call's next event. */
  reorder?: number;
  /** An event is never delivered (it still appears in the Call Query feed). */
  lose?: number;
  /** An event's delivery starts late. */
  delay?: { probability: number } & MsRange;
  /**
   * The event URL is slow: its answer takes this long (virtual time). An answer slower than the delivery timeout
   * is discarded — the customer saw the event, TeleSign did not see the answer — and the event is retried.
   */
  slowEventUrl?: { probability: number } & MsRange;
  /** An attempt fails as if the event URL answered 503, without reaching the customer. */
  failEventUrl?: number;
  /** The first n attempts of every event fail that way (deterministic). */
  failFirstAttempts?: number;
  /** `POST /v2/voice` answers 5xx (`internal_error`). Per request; simulator-wide only. */
  voiceServerError?: number;
  /** `POST /v2/voice` answers 429 `rate_limit_exceeded`. Per request; simulator-wide only. */
  voiceRateLimited?: number;
  /** The customer's WebSocket is closed just before an event is sent (the event waits for a reconnect). */
  socketDisconnect?: number;
  /** `DELETE /v2/call_recording/{id}` answers 503 `failed_delete` (docs/protocol.md) and deletes nothing. Simulator-wide. */
  recordingDeleteFailure?: number;
}

/**
 * Merges per-call faults over the simulator's.
 *
 * @example
 * mergeFaults({ lose: 0.1, duplicate: 0.1 }, { lose: 0 }); // { lose: 0, duplicate: 0.1 }
 */
export function mergeFaults(base: FaultOptions, override: FaultOptions | undefined): FaultOptions {
  return override === undefined ? base : { ...base, ...override };
}

/**
 * Draws a value from a range.
 *
 * @example
 * drawMs({ minMs: 100, maxMs: 200 }, random.next); // 100 to 200
 */
export function drawMs(range: MsRange, next: () => number): number {
  return Math.round(range.minMs + next() * Math.max(0, range.maxMs - range.minMs));
}

/**
 * Whether any event-path fault is set (the fast path skips all draws when not).
 *
 * @example
 * hasEventFaults({ voiceServerError: 1 }); // false: no event fault
 */
export function hasEventFaults(faults: FaultOptions): boolean {
  return (
    (faults.duplicate ?? 0) > 0 ||
    (faults.reorder ?? 0) > 0 ||
    (faults.lose ?? 0) > 0 ||
    (faults.delay?.probability ?? 0) > 0 ||
    (faults.slowEventUrl?.probability ?? 0) > 0 ||
    (faults.failEventUrl ?? 0) > 0 ||
    (faults.failFirstAttempts ?? 0) > 0 ||
    (faults.socketDisconnect ?? 0) > 0
  );
}
