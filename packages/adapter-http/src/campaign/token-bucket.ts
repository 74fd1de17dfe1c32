/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most `capacity`. With the default capacity of 1 the
 * bucket spaces calls `1000 / ratePerSecond` ms apart, so no half-open one-second window ever holds more than
 * `ratePerSecond` of them — the guarantee a calls-per-second limit needs. A larger capacity allows bursts (and
 * then, briefly, more than the rate in one second).
 *
 * @module
 */

/**
 * Options of {@link createTokenBucket}.
 *
 * @example
 * const options: TokenBucketOptions = { ratePerSecond: 10, now: () => clock.now() };
 */
export interface TokenBucketOptions {
  /** Tokens added per second (> 0; fractions allowed: 0.5 is one call every two seconds). */
  ratePerSecond: number;
  /** Most tokens held. Default 1. */
  capacity?: number;
  /** The clock, epoch ms. */
  now: () => number;
}

/**
 * The bucket.
 *
 * @example
 * const bucket: TokenBucket = createTokenBucket({ ratePerSecond: 2, now: Date.now });
 * if (bucket.tryTake() === 0) await dial();
 */
export interface TokenBucket {
  /** Takes a token if one is there (`0`), else answers the ms to wait before one will be (and takes nothing). */
  tryTake(): number;
  /** Tokens available now (fractional). */
  available(): number;
  /** Returns a token taken for a call that was not started (up to `capacity`): the next taker may use it. */
  putBack(): void;
}

/**
 * Creates a {@link TokenBucket}. Pure arithmetic on `now()`: no timers.
 *
 * @example
 * const bucket = createTokenBucket({ ratePerSecond: 5, now: Date.now });
 * const wait = bucket.tryTake(); // 0: go; otherwise sleep `wait` ms and try again
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond, now } = options;
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
  }
  const capacity = options.capacity ?? 1;
  if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  const msPerToken = 1000 / ratePerSecond;
  let tokens = capacity;
  let last = now();
  const refill = () => {
    const at = now();
    if (at > last) tokens = Math.min(capacity, tokens + (at - last) / msPerToken);
    last = Math.max(last, at);
  };
  return {
    tryTake() {
      refill();
      // A small epsilon absorbs floating-point dust (0.9999999 of a token after exactly one interval).
      if (tokens >= 1 - 1e-9) {
        tokens = Math.max(0, tokens - 1);
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) * msPerToken));
    },
    available() {
      refill();
      return tokens;
    },
    putBack() {
      refill();
      tokens = Math.min(capacity, tokens + 1);
    },
  };
}
