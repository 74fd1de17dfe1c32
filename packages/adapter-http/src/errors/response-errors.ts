import { TeleSignError } from './telesign-error.js';

/**
 * TeleSign (or what answered in its place) redirected the request. The client follows no redirect: a redirect
 * would re-send a dial's body and the `x-ts-*` headers to wherever it points, and a same-host one would keep
 * `Authorization`, which under Basic auth is the API key. `location` says where it pointed.
 *
 * @example
 * try { await client.dial(params); } catch (e) { if (e instanceof RedirectError) console.error(`check the base URL: redirected to ${e.location}`); }
 */
export class RedirectError extends TeleSignError {
  override readonly name = 'RedirectError';
  /** The HTTP status (301, 302, 303, 307, 308). */
  readonly httpStatus: number;
  /** Where the redirect pointed (its `Location`, resolved against the request URL; without credentials). */
  readonly location: string | undefined;

  constructor(options: { method: string; url: string; httpStatus: number; location: string | undefined }) {
    super(
      `${options.method} ${options.url} was redirected (HTTP ${options.httpStatus}) to ${options.location ?? 'nowhere (no Location)'}; ` +
        'the client follows no redirects: check the base URL',
      options,
    );
    this.httpStatus = options.httpStatus;
    this.location = options.location;
  }
}

/**
 * The answer was larger than the client reads (`maxResponseBytes`, counted after decompression).
 *
 * @example
 * if (e instanceof ResponseTooLargeError) console.error(`more than ${e.limit} bytes`);
 */
export class ResponseTooLargeError extends TeleSignError {
  override readonly name = 'ResponseTooLargeError';
  /** The limit in bytes. */
  readonly limit: number;

  constructor(options: { method: string; url: string; limit: number }) {
    super(
      `${options.method} ${options.url} answered more than ${options.limit} bytes; the rest was not read`,
      options,
    );
    this.limit = options.limit;
  }
}

/**
 * TeleSign answered with a success status but an answer the client cannot use (a `dial` accepted without a
 * `reference_id`, a body that is not JSON). The call may or may not exist: nothing is saved under a made-up id.
 *
 * @example
 * if (e instanceof UnexpectedResponseError) console.error(e.summary);
 */
export class UnexpectedResponseError extends TeleSignError {
  override readonly name = 'UnexpectedResponseError';
  /** The HTTP status. */
  readonly httpStatus: number;
  /** The start of the body, with credentials removed. */
  readonly summary: string;

  constructor(options: {
    method: string;
    url: string;
    httpStatus: number;
    expected: string;
    summary: string;
  }) {
    super(
      `${options.method} ${options.url} answered HTTP ${options.httpStatus} without ${options.expected}: ${options.summary}`,
      options,
    );
    this.httpStatus = options.httpStatus;
    this.summary = options.summary;
  }
}
