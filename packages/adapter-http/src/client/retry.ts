/**
 * When to retry a request, and how long to wait first — a pure function of the attempt, the failure and the
 * response headers, so it is tested without a network or a clock.
 *
 * **The rule for requests that are not idempotent** (`dial`, a number lease): such a request is retried only when
 * the failure proves TeleSign did not act on it — a 429 `rate_limit_exceeded` (refused before anything happened),
 * or a network error raised before the connection was made (`ECONNREFUSED`, `ENOTFOUND`, …). A 5xx, a timeout or a
 * connection reset may come after TeleSign placed the call, so they are thrown to the caller, never retried: two
 * phone calls are worse than one error.
 *
 * @module
 */
import { isHttpError, isNetworkError, isTimeoutError } from '../errors/index.js';

/**
 * Retry settings of the client.
 *
 * @example
 * const retry: RetryOptions = { limit: 3, backoffMs: 500, maxRetryAfterMs: 30_000 };
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. `0` turns retrying off. */
  limit?: number;
  /** The first backoff, doubled per attempt. Milliseconds; default 300. */
  backoffMs?: number;
  /** The largest computed backoff. Milliseconds; default 10,000. */
  maxBackoffMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown. Milliseconds; default 60,000. */
  maxRetryAfterMs?: number;
  /** Share of each backoff that is random, 0–1 (0.5: between half and all of it). Default 0.5. */
  jitter?: number;
  /** HTTP codes retried (for idempotent requests). Default 408, 429, 500, 502, 503, 504. */
  statusCodes?: readonly number[];
}

/**
 * Whether repeating a request is harmless.
 *
 * @example
 * const safety: RequestSafety = 'once'; // dial, lease: retried only when TeleSign surely did nothing
 */
export type RequestSafety = 'idempotent' | 'once';

/**
 * What {@link retryDecision} needs to know.
 *
 * @example
 * const input: RetryInput = { attempt: 1, error, safety: 'idempotent', now: Date.now(), random: Math.random() };
 */
export interface RetryInput {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** Its failure: an `HttpError`, `TimeoutError` or `NetworkError`. */
  error: unknown;
  safety: RequestSafety;
  options?: RetryOptions;
  /** Epoch ms now (to read an HTTP-date `Retry-After`). */
  now: number;
  /** A random number in [0, 1). */
  random: number;
}

/**
 * The answer of {@link retryDecision}.
 *
 * @example
 * const decision: RetryDecision = retryDecision(input);
 * if (decision.retry) await sleep(clock, decision.delayMs);
 */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * The defaults of {@link RetryOptions}.
 *
 * @example
 * RETRY_DEFAULTS.limit; // 2
 */
export const RETRY_DEFAULTS = {
  limit: 2,
  backoffMs: 300,
  maxBackoffMs: 10_000,
  maxRetryAfterMs: 60_000,
  jitter: 0.5,
  statusCodes: [408, 429, 500, 502, 503, 504],
} as const satisfies Required<RetryOptions>;

/**
 * Decides whether to retry after a failed attempt, and after how long.
 *
 * @example
 * retryDecision({ attempt: 1, error: http429, safety: 'once', now: Date.now(), random: Math.random() });
 * // { retry: true, delayMs: 2000 } when the 429 carried `Retry-After: 2`
 */
export function retryDecision(input: RetryInput): RetryDecision {
  const options = { ...RETRY_DEFAULTS, ...input.options };
  if (input.attempt > options.limit)
    return { retry: false, reason: `gave up after ${input.attempt} attempts` };
  const { error } = input;
  let retryAfter: number | undefined;
  if (isHttpError(error)) {
    const is429 = error.httpStatus === 429;
    if (input.safety === 'once' && !is429) {
      return { retry: false, reason: `HTTP ${error.httpStatus} may come after the request took effect` };
    }
    if (!options.statusCodes.includes(error.httpStatus)) {
      return { retry: false, reason: `HTTP ${error.httpStatus} is not retried` };
    }
    retryAfter = parseRetryAfter(error.headers.get('retry-after'), input.now);
    if (retryAfter !== undefined && retryAfter > options.maxRetryAfterMs) {
      return { retry: false, reason: `Retry-After of ${retryAfter} ms exceeds maxRetryAfterMs` };
    }
  } else if (isNetworkError(error)) {
    if (input.safety === 'once' && !error.connectFailed) {
      return { retry: false, reason: 'the connection failed after the request may have been sent' };
    }
  } else if (isTimeoutError(error)) {
    if (input.safety === 'once') return { retry: false, reason: 'a timed-out request may have taken effect' };
  } else {
    return { retry: false, reason: 'not a retryable failure' };
  }
  return { retry: true, delayMs: retryAfter ?? backoff(input.attempt, options, input.random) };
}

/**
 * Exponential backoff with jitter: `backoffMs · 2^(attempt-1)`, capped, of which the `jitter` share is random.
 *
 * @example
 * backoff(3, { backoffMs: 100, maxBackoffMs: 10_000, jitter: 0 }, 0.5); // 400
 */
export function backoff(
  attempt: number,
  options: Pick<Required<RetryOptions>, 'backoffMs' | 'maxBackoffMs' | 'jitter'>,
  random: number,
): number {
  const full = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** (attempt - 1));
  return Math.round(full * (1 - options.jitter) + full * options.jitter * random);
}

/**
 * Reads a `Retry-After` header — seconds, or an HTTP date — as milliseconds from `now`; `undefined` when absent or
 * unreadable.
 *
 * @example
 * parseRetryAfter('3', 0); // 3000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:58 GMT')); // 2000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
