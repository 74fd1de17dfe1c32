import { TeleSignError } from './telesign-error.js';

/**
 * A request got no answer within the client's `timeout` (per attempt). For a `dial` this means the call may or may
 * not have been placed: it is not retried.
 *
 * @example
 * try { await client.sendAction(referenceId, action); } catch (e) { if (isTimeoutError(e)) console.log(e.timeoutMs); }
 */
export class TimeoutError extends TeleSignError {
  override readonly name = 'TimeoutError';
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: { method: string; url: string; timeoutMs: number }) {
    super(`${options.method} ${options.url} timed out after ${options.timeoutMs} ms`, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * Whether `error` is a {@link TimeoutError}.
 *
 * @example
 * if (isTimeoutError(error)) metrics.increment('telesign.timeout');
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError;
}
