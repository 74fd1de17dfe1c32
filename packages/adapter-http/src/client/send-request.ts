/**
 * One REST request to TeleSign with authentication, a per-attempt timeout and retries — the engine under every
 * method of the client.
 *
 * @module
 */
import { LIMITS } from '@ivrkit/protocol';
import { basicAuthorization, type Credentials, signRequest } from '@ivrkit/protocol/auth';
import { type Clock, sleep } from '../clock.js';
import {
  HttpError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
} from '../errors/index.js';
import { readTextWithin, SUMMARY_CHARS, safeLocation, scrubSecrets, summarise } from './response-body.js';
import { type RequestSafety, type RetryOptions, retryDecision } from './retry.js';

/**
 * A `fetch`: the global one, a simulator's handler, a test double. Always called with a `Request`.
 *
 * @example
 * const fetch: FetchLike = (request) => simulator.fetch(request);
 */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * How requests are authenticated: `Basic` or TeleSign's HMAC (`TSA`, "digest").
 *
 * @example
 * const auth: AuthScheme = 'digest';
 */
export type AuthScheme = 'basic' | 'digest';

/**
 * Everything a request needs from the client.
 *
 * @example
 * // Built by createTeleSignClient; tests may build one to call sendRequest directly.
 * const context: RequestContext = { credentials, baseUrl, auth: 'basic', fetch, timeout: false, retry: {}, clock: systemClock, wallClock: Date.now, random: Math.random, userAgent: 'test' };
 */
export interface RequestContext {
  credentials: Credentials;
  baseUrl: string;
  auth: AuthScheme;
  fetch: FetchLike;
  /** Per-attempt timeout in ms; `false` for none. */
  timeout: number | false;
  retry: RetryOptions;
  clock: Clock;
  /** Wall-clock time for signed `Date` headers (the server compares them with its own clock). */
  wallClock: () => number;
  random: () => number;
  /** Called before each retry (for logs and metrics). */
  onRetry?: ((info: RetryInfo) => void) | undefined;
  userAgent: string;
  /** Largest answer read, in bytes after decompression. Default `LIMITS.maxResponseBytes`. */
  maxResponseBytes?: number | undefined;
  /** Strings never to repeat in an error (the credentials' forms, see `secretFormsOf`). */
  secrets?: readonly string[] | undefined;
}

/**
 * What the `onRetry` option of `createTeleSignClient` is told before each retry.
 *
 * @example
 * createTeleSignClient({ onRetry: (info: RetryInfo) => log.warn({ url: info.url, attempt: info.attempt }, 'retrying') });
 */
export interface RetryInfo {
  method: string;
  url: string;
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  error: Error;
}

/**
 * One request.
 *
 * @example
 * await client.request({ method: 'GET', path: '/v1/phone_numbers/leases', safety: 'idempotent' } satisfies RequestSpec);
 */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  safety: RequestSafety;
  /** Which answers count as success. Default: any 2xx. */
  accept?: (httpStatus: number) => boolean;
  signal?: AbortSignal | undefined;
}

/**
 * A successful answer.
 *
 * @example
 * const { httpStatus, body }: ResponseOf<VoiceResponseBody> = await sendRequest(context, spec);
 */
export interface ResponseOf<T> {
  httpStatus: number;
  body: T;
  headers: Headers;
}

/**
 * Sends one request, retrying as {@link retryDecision} allows. Throws `HttpError`, `TimeoutError`,
 * `NetworkError`, or the signal's reason when `spec.signal` aborts.
 *
 * @example
 * const { body } = await sendRequest(context, { method: 'GET', path: '/v2/voice/calls/abc', safety: 'idempotent' });
 */
export async function sendRequest<T>(context: RequestContext, spec: RequestSpec): Promise<ResponseOf<T>> {
  const url = buildUrl(context.baseUrl, spec.path, spec.query);
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce<T>(context, spec, url);
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      const decision = retryDecision({
        attempt,
        error,
        safety: spec.safety,
        options: context.retry,
        now: context.clock.now(),
        random: context.random(),
      });
      if (!decision.retry) throw error;
      context.onRetry?.({
        method: spec.method,
        url,
        attempt,
        delayMs: decision.delayMs,
        error: error as Error,
      });
      await sleep(context.clock, decision.delayMs, spec.signal);
    }
  }
}

async function attemptOnce<T>(
  context: RequestContext,
  spec: RequestSpec,
  url: string,
): Promise<ResponseOf<T>> {
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const headers = new Headers({ Accept: 'application/json', 'User-Agent': context.userAgent });
  if (context.auth === 'basic') {
    headers.set('Authorization', basicAuthorization(context.credentials));
    if (body !== undefined) headers.set('Content-Type', 'application/json');
  } else {
    const signed = signRequest(context.credentials, {
      method: spec.method,
      path: new URL(url).pathname,
      ...(body === undefined ? {} : { body }),
      date: new Date(context.wallClock()).toUTCString(),
    });
    for (const [name, value] of Object.entries(signed)) if (value !== '') headers.set(name, value);
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer =
    context.timeout === false
      ? undefined
      : context.clock.setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, context.timeout);
  const onAbort = () => controller.abort(spec.signal?.reason);
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  const timeoutError = () =>
    new TimeoutError({
      method: spec.method,
      url,
      timeoutMs: context.timeout === false ? 0 : context.timeout,
    });

  try {
    let response: Response;
    try {
      const request = new Request(url, {
        method: spec.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: controller.signal,
        // A redirect would carry the body and the signed headers elsewhere: it is an error instead.
        redirect: 'manual',
      });
      // `abortable`: a fetch that ignores the signal (a test double, a handler) still times out.
      response = await abortable(context.fetch(request), controller.signal);
    } catch (error) {
      if (timedOut) throw timeoutError();
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw new NetworkError({ method: spec.method, url, cause: error });
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      throw new RedirectError({
        method: spec.method,
        url,
        httpStatus: response.status,
        location: safeLocation(response.headers.get('location'), url),
      });
    }
    const limit = context.maxResponseBytes ?? LIMITS.maxResponseBytes;
    let read: string | undefined;
    try {
      read = await abortable(readTextWithin(response, limit), controller.signal);
    } catch (error) {
      if (timedOut) throw timeoutError();
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw new NetworkError({ method: spec.method, url, cause: error });
    }
    if (read === undefined) throw new ResponseTooLargeError({ method: spec.method, url, limit });
    const secrets = [...(context.secrets ?? []), ...sentCredentials(headers)];
    const accept = spec.accept ?? ((status: number) => status >= 200 && status < 300);
    if (!accept(response.status)) {
      // What goes into the error (and so into logs) is the answer without credentials, and short.
      const scrubbed = scrubSecrets(read, secrets);
      const parsed = parseBody(scrubbed);
      throw new HttpError({
        method: spec.method,
        url,
        httpStatus: response.status,
        body:
          typeof parsed === 'string' || scrubbed.length > 16 * SUMMARY_CHARS
            ? summarise(read, secrets)
            : parsed,
        headers: response.headers,
      });
    }
    const parsed = parseBody(read);
    return { httpStatus: response.status, body: parsed as T, headers: response.headers };
  } finally {
    if (timer !== undefined) context.clock.clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
  }
}

/** Rejects when `signal` aborts, even if `promise` (a body read from a fetch that ignores signals) never settles. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The credential values of a request's headers (to remove from whatever the answer echoes). */
function sentCredentials(headers: Headers): string[] {
  const values: string[] = [];
  for (const name of ['authorization', 'x-ts-authorization']) {
    const value = headers.get(name);
    if (value) values.push(value, value.replace(/^\S+\s+/, ''));
  }
  return values.filter((value) => value.length >= 8);
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Joins base URL, path and query; `undefined` query values are left out.
 *
 * @example
 * buildUrl('https://rest-ww.telesign.com', '/v1/phone_numbers/numbers', { country_iso2: 'US' });
 * // 'https://rest-ww.telesign.com/v1/phone_numbers/numbers?country_iso2=US'
 */
export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, string | number | boolean | undefined>,
): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}
