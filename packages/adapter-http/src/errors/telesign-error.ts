/**
 * The base of every error the TeleSign client throws: catch this to catch them all.
 *
 * @example
 * try { await client.dial({ to, caller_id_number }); } catch (e) { if (isTeleSignError(e)) log.warn(e.message); }
 */
export class TeleSignError extends Error {
  override readonly name: string = 'TeleSignError';
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request (never with credentials: they travel in headers). */
  readonly url: string;

  constructor(message: string, options: { method: string; url: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.method = options.method;
    this.url = options.url;
  }
}

/**
 * Whether `error` is any {@link TeleSignError}.
 *
 * @example
 * if (isTeleSignError(error)) console.log(error.method, error.url);
 */
export function isTeleSignError(error: unknown): error is TeleSignError {
  return error instanceof TeleSignError;
}
