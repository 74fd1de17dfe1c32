import { TeleSignError } from './telesign-error.js';

/**
 * The request failed below HTTP: DNS, a refused or reset connection, TLS. The original error is in `cause`.
 * `connectFailed` tells whether the failure shows the request never reached TeleSign (so a `dial` can be retried).
 *
 * @example
 * try { await client.dial(params); } catch (e) { if (isNetworkError(e)) console.error(e.cause); }
 */
export class NetworkError extends TeleSignError {
  override readonly name = 'NetworkError';
  /** True when the error code proves the request was never sent (`ECONNREFUSED`, `ENOTFOUND`, `EAI_AGAIN`). */
  readonly connectFailed: boolean;

  constructor(options: { method: string; url: string; cause: unknown }) {
    const code = errorCode(options.cause);
    super(
      `${options.method} ${options.url} failed: ${describe(options.cause)}${code ? ` (${code})` : ''}`,
      options,
    );
    this.connectFailed = code !== undefined && CONNECT_FAILURES.has(code);
  }
}

/** Error codes raised before any byte of the request left the machine. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The `code` of an error or of its `cause` chain (undici puts the socket error in `cause`).
 *
 * @example
 * errorCode(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })); // 'ECONNREFUSED'
 */
export function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether `error` is a {@link NetworkError}.
 *
 * @example
 * if (isNetworkError(error) && error.connectFailed) console.log('TeleSign unreachable');
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}
