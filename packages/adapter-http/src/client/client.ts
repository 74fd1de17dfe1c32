/**
 * `createTeleSignClient`: the REST side of TeleSign's Voice API — actions for live calls, `dial`, phone numbers,
 * recordings and the Call Query API.
 *
 * @module
 */
import {
  CALL_QUERY,
  type DialAction,
  isAcceptedVoiceResponse,
  PATHS,
  type VoiceAction,
  type VoiceResponseBody,
} from '@ivrkit/protocol';
import { type Clock, systemClock } from '../clock.js';
import { UnexpectedResponseError } from '../errors/index.js';
import { resolveConfig } from './config.js';
import { secretFormsOf, summarise } from './response-body.js';
import type { RetryOptions } from './retry.js';
import {
  type AuthScheme,
  type FetchLike,
  type RequestContext,
  type RequestSpec,
  type RetryInfo,
  sendRequest,
} from './send-request.js';
import type {
  CallEventsPage,
  CallList,
  CallQueryResult,
  CallRecording,
  PhoneNumberSearchQuery,
  PhoneNumbersResponse,
  RecordingList,
  RecordingListQuery,
} from './types.js';

/**
 * The paths the client calls; each defaults to `PATHS` of `@ivrkit/protocol` (the `[ours]` ones can differ).
 *
 * @example
 * createTeleSignClient({ paths: { callQuery: '/v2/voice/calls' } satisfies Partial<ClientPaths> });
 */
export interface ClientPaths {
  voice: string;
  phoneNumberSearch: string;
  phoneNumberLeases: string;
  callRecordings: string;
  callQuery: string;
}

/**
 * Options of {@link createTeleSignClient}.
 *
 * @example
 * const options: TeleSignClientOptions = { auth: 'basic', timeout: 5_000, retry: { limit: 3 } };
 */
export interface TeleSignClientOptions {
  /** Default: `TELESIGN_CUSTOMER_ID`. */
  customerId?: string;
  /** Default: `TELESIGN_API_KEY`. */
  apiKey?: string;
  /** Default: `TELESIGN_BASE_URL`, then `https://rest-ww.telesign.com`. */
  baseUrl?: string;
  /** `digest` (TeleSign HMAC, `TSA`; the default: the key never travels) or `basic`. */
  auth?: AuthScheme;
  /** The fetch to use. Default `globalThis.fetch`; pass a simulator's `fetch` to run without a network. */
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds, or `false`. Default 10,000. */
  timeout?: number | false;
  /** Retry settings, or a number of retries. Default `{ limit: 2 }`; `0` turns retries off. */
  retry?: RetryOptions | number;
  /** Override of the endpoint paths (Call Query API paths are `[ours]`). */
  paths?: Partial<ClientPaths>;
  /** Environment read for missing options. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Time source for timeouts and retry waits. Default the system clock. */
  clock?: Clock;
  /** Wall-clock time for signed `Date` headers. Default `Date.now` (keep it real even when `clock` is virtual). */
  wallClock?: () => number;
  /** Random numbers in [0, 1) for retry jitter. Default `Math.random`. */
  random?: () => number;
  /** Told about each retry before it is made. */
  onRetry?: (info: RetryInfo) => void;
  /**
   * Largest answer read, in bytes after decompression; a larger one is a `ResponseTooLargeError`. Default
   * `LIMITS.maxResponseBytes` (4 MiB).
   */
  maxResponseBytes?: number;
}

/**
 * Per-call options of every client method.
 *
 * @example
 * await client.calls.get(referenceId, { signal: AbortSignal.timeout(2_000) } satisfies CallOptions);
 */
export interface CallOptions {
  /** Aborts the request, including a retry wait. */
  signal?: AbortSignal;
}

/**
 * The parameters of `dial`.
 *
 * @example
 * const params: DialParams = { to: '15555551212', caller_id_number: '15554441313', external_id: 'row-7' };
 */
export type DialParams = DialAction['params'];

/**
 * The client: one method per endpoint. Every method throws the error family of `errors/`.
 *
 * @example
 * const client: TeleSignClient = createTeleSignClient();
 * const { data } = await client.phoneNumbers.search({ country_iso2: 'US', voice_capable: true });
 */
export interface TeleSignClient {
  /** The resolved base URL (never the credentials). */
  readonly baseUrl: string;
  /**
   * Sends an action for a live call (the Customer Action API: `POST /v2/voice` with `reference_id`). Resolves on
   * 202; any other answer throws `HttpError` carrying TeleSign's status (`unsupported_call_state`, …). Retried on
   * 429/5xx/network errors: a repeated action at worst replays a prompt, a lost one leaves the caller in silence.
   */
  sendAction(referenceId: string, action: VoiceAction, options?: CallOptions): Promise<VoiceResponseBody>;
  /**
   * Places an outbound call. Resolves with `reference_id` on 202 `dial_accepted`; a 200 (blocked or premium
   * number) or any other answer throws `HttpError`. Retried only on 429 and on connection failures that prove the
   * request never left (see `retry.ts`): never where the first attempt may have placed a call.
   */
  dial(params: DialParams, options?: CallOptions): Promise<VoiceResponseBody>;
  /** Phone numbers: search, lease, cancel a lease. */
  phoneNumbers: {
    search(query: PhoneNumberSearchQuery, options?: CallOptions): Promise<PhoneNumbersResponse>;
    /** Not idempotent (it could lease twice): retried on 429 and connection failures only. */
    lease(
      request: { country_iso2: string; phone_number: string },
      options?: CallOptions,
    ): Promise<PhoneNumbersResponse>;
    cancel(leaseId: string, options?: CallOptions): Promise<PhoneNumbersResponse>;
  };
  /** Call recordings. */
  recordings: {
    list(query?: RecordingListQuery, options?: CallOptions): Promise<RecordingList>;
    get(referenceId: string, options?: CallOptions): Promise<CallRecording>;
    delete(referenceId: string, options?: CallOptions): Promise<void>;
  };
  /** `[ours]` The Call Query API, for accounts with event posting turned off. */
  calls: {
    /** The account's calls, newest first, optionally only those in one `CALL_STATE`. */
    list(query?: { state?: string }, options?: CallOptions): Promise<CallList>;
    get(referenceId: string, options?: CallOptions): Promise<CallQueryResult>;
    /** The call's events after sequence number `after` (exclusive; default 0 = all). */
    events(referenceId: string, after?: number, options?: CallOptions): Promise<CallEventsPage>;
  };
  /** A raw authenticated request, for endpoints the client does not wrap. */
  request<T = unknown>(spec: RequestSpec): Promise<T>;
}

/**
 * Creates a TeleSign REST client. Credentials come from the options or from `TELESIGN_CUSTOMER_ID` /
 * `TELESIGN_API_KEY` / `TELESIGN_BASE_URL`; a missing one throws `CredentialsError` at once.
 *
 * @example
 * const client = createTeleSignClient({ customerId: 'cust', apiKey: process.env.KEY, auth: 'digest' });
 * const { reference_id } = await client.dial({ to: '15555551212', caller_id_number: '15554441313' });
 * await client.sendAction(reference_id, { method: 'hangup', params: {} });
 */
export function createTeleSignClient(options: TeleSignClientOptions = {}): TeleSignClient {
  const config = resolveConfig(options, options.env ?? process.env);
  const paths: ClientPaths = {
    voice: PATHS.voice,
    phoneNumberSearch: PATHS.phoneNumberSearch,
    phoneNumberLeases: PATHS.phoneNumberLeases,
    callRecordings: PATHS.callRecordings,
    callQuery: PATHS.callQuery,
    ...options.paths,
  };
  const context: RequestContext = {
    credentials: { customerId: config.customerId, apiKey: config.apiKey },
    baseUrl: config.baseUrl,
    auth: options.auth ?? 'digest',
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    timeout: options.timeout ?? 10_000,
    retry: typeof options.retry === 'number' ? { limit: options.retry } : (options.retry ?? {}),
    clock: options.clock ?? systemClock,
    wallClock: options.wallClock ?? Date.now,
    random: options.random ?? Math.random,
    onRetry: options.onRetry,
    userAgent: 'ivrkit-adapter-http/0.1',
    maxResponseBytes: options.maxResponseBytes,
    secrets: secretFormsOf({ customerId: config.customerId, apiKey: config.apiKey }),
  };
  const call = async <T>(spec: RequestSpec): Promise<T> => (await sendRequest<T>(context, spec)).body;
  const id = (value: string) => encodeURIComponent(value);

  return {
    baseUrl: config.baseUrl,
    sendAction(referenceId, action, callOptions) {
      return call<VoiceResponseBody>({
        method: 'POST',
        path: paths.voice,
        body: { ...action, reference_id: referenceId },
        safety: 'idempotent',
        accept: isAcceptedVoiceResponse,
        signal: callOptions?.signal,
      });
    },
    async dial(params, callOptions) {
      const answer = await sendRequest<unknown>(context, {
        method: 'POST',
        path: paths.voice,
        body: { method: 'dial', params },
        safety: 'once',
        accept: isAcceptedVoiceResponse,
        signal: callOptions?.signal,
      });
      const body = answer.body as Partial<VoiceResponseBody> | undefined;
      // A call is known by its reference id: without one, nothing may be saved as if it had been placed.
      if (typeof body?.reference_id !== 'string' || body.reference_id === '') {
        throw new UnexpectedResponseError({
          method: 'POST',
          url: `${config.baseUrl}${paths.voice}`,
          httpStatus: answer.httpStatus,
          expected: 'a JSON body with a reference_id',
          summary: summarise(
            typeof answer.body === 'string' ? answer.body : (JSON.stringify(answer.body) ?? ''),
            context.secrets ?? [],
          ),
        });
      }
      return body as VoiceResponseBody;
    },
    phoneNumbers: {
      search(query, callOptions) {
        return call({
          method: 'GET',
          path: paths.phoneNumberSearch,
          query,
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
      lease(request, callOptions) {
        return call({
          method: 'POST',
          path: paths.phoneNumberLeases,
          body: request,
          safety: 'once',
          signal: callOptions?.signal,
        });
      },
      cancel(leaseId, callOptions) {
        return call({
          method: 'DELETE',
          path: `${paths.phoneNumberLeases}/${id(leaseId)}`,
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
    },
    recordings: {
      list(query, callOptions) {
        return call({
          method: 'GET',
          path: paths.callRecordings,
          query: { ...query },
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
      get(referenceId, callOptions) {
        return call({
          method: 'GET',
          path: `${paths.callRecordings}/${id(referenceId)}`,
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
      async delete(referenceId, callOptions) {
        await call({
          method: 'DELETE',
          path: `${paths.callRecordings}/${id(referenceId)}`,
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
    },
    calls: {
      list(query = {}, callOptions) {
        return call({
          method: 'GET',
          path: paths.callQuery,
          query: { [CALL_QUERY.stateParam]: query.state },
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
      get(referenceId, callOptions) {
        return call({
          method: 'GET',
          path: `${paths.callQuery}/${id(referenceId)}`,
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
      events(referenceId, after = 0, callOptions) {
        return call({
          method: 'GET',
          path: `${paths.callQuery}/${id(referenceId)}/events`,
          query: { [CALL_QUERY.afterParam]: after },
          safety: 'idempotent',
          signal: callOptions?.signal,
        });
      },
    },
    request: call,
  };
}
