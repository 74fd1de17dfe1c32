import { TeleSignError } from './telesign-error.js';

/**
 * TeleSign answered, and the answer is a refusal: a 4xx/5xx, or — for `/v2/voice` — any answer but 202, since
 * TeleSign refuses a dial to a blocked or premium number with a **200**. Carries TeleSign's status string
 * (`to_number_blocked_by_country`, `rate_limit_exceeded`, …) and the parsed body.
 *
 * @example
 * try { await client.dial(params); } catch (e) {
 *   if (isHttpError(e) && e.status === 'to_number_blocked_by_country') skip(params.to);
 * }
 */
export class HttpError extends TeleSignError {
  override readonly name = 'HttpError';
  /** The HTTP status code (200 for a refused dial). */
  readonly httpStatus: number;
  /** TeleSign's status string from the body, when it has one. */
  readonly status: string | undefined;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  /** The response headers. */
  readonly headers: Headers;

  constructor(options: { method: string; url: string; httpStatus: number; body: unknown; headers: Headers }) {
    const status = statusOf(options.body);
    const message = messageOf(options.body);
    super(
      `${options.method} ${options.url} was refused: HTTP ${options.httpStatus}${status ? ` ${status}` : ''}${
        message ? ` (${message})` : ''
      }`,
      options,
    );
    this.httpStatus = options.httpStatus;
    this.status = status;
    this.body = options.body;
    this.headers = options.headers;
  }
}

function statusOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const status = (body as Record<string, unknown>).status;
  if (typeof status === 'string') return status;
  // Other TeleSign APIs nest it: { status: { code, description } }.
  if (typeof status === 'object' && status !== null) {
    const description = (status as Record<string, unknown>).description;
    if (typeof description === 'string') return description;
  }
  return undefined;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as Record<string, unknown>).message;
  return typeof message === 'string' ? message.slice(0, 200) : undefined;
}

/**
 * Whether `error` is an {@link HttpError}.
 *
 * @example
 * if (isHttpError(error) && error.httpStatus === 429) slowDown();
 */
export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
