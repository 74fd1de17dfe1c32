import { DEFAULT_DATE_SKEW_MS } from '../ours.js';
import { parseBasicAuthorization } from './basic.js';
import { constantTimeEqual } from './constant-time.js';
import { hmacSecretOf } from './credentials.js';
import type { NonceCache } from './nonce-cache.js';
import { hmacBase64, requestStringToSign } from './request-signing.js';

/** A received request, as far as authentication needs it. */
export interface ReceivedRequest {
  method: string;
  /** The path only, without the query string. */
  path: string;
  /** Header lookup, case-insensitive (a `Headers` object fits). */
  headers: { get(name: string): string | null };
  /** The raw body, exactly as received. */
  body: string;
}

/** Options of {@link authenticateRequest}. */
export interface AuthenticateOptions {
  /** The API key of a customer id, or `undefined` when the customer is unknown. */
  apiKeyOf: (customerId: string) => string | undefined;
  /** Remembers nonces so a replayed HMAC request is refused. Without it, replays are not detected. */
  nonces?: NonceCache;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Accepted distance between the `Date` header and the clock. Default {@link DEFAULT_DATE_SKEW_MS} `[ours]`. */
  maxSkewMs?: number;
  /** Which schemes are accepted. Default both. */
  schemes?: ReadonlyArray<'basic' | 'hmac'>;
}

/** The outcome of {@link authenticateRequest}: the customer, or TeleSign's 401 status and what was wrong. */
export type AuthenticationResult =
  | { ok: true; customerId: string; scheme: 'basic' | 'hmac' }
  | { ok: false; status: 'credentials_not_provided' | 'not_authorized'; message: string };

const TSA = /^TSA\s+([^:\s]+):(\S+)\s*$/i;

/**
 * Authenticates a request made to TeleSign's REST API, by Basic or by TeleSign HMAC (`TSA`): the signature over
 * the reconstructed string to sign, the `Date` within the skew window, and the nonce not seen before.
 *
 * @example
 * const result = authenticateRequest(
 *   { method: 'POST', path: '/v2/voice', headers: request.headers, body },
 *   { apiKeyOf: (id) => (id === 'cust' ? 'eW91ckFwaUtleQ==' : undefined), nonces: createNonceCache({ ttlMs: 900_000 }) },
 * );
 * if (!result.ok) return new Response(JSON.stringify({ status: result.status, message: result.message }), { status: 401 });
 */
export function authenticateRequest(
  request: ReceivedRequest,
  options: AuthenticateOptions,
): AuthenticationResult {
  const schemes = options.schemes ?? ['basic', 'hmac'];
  const header = request.headers.get('authorization');
  if (!header) {
    return { ok: false, status: 'credentials_not_provided', message: 'the Authorization header is missing' };
  }
  if (/^Basic\s/i.test(header)) {
    if (!schemes.includes('basic')) return refuse('Basic authentication is not accepted here; sign with TSA');
    const credentials = parseBasicAuthorization(header);
    if (!credentials) return refuse('the Basic Authorization header is malformed');
    const expected = options.apiKeyOf(credentials.customerId);
    if (expected === undefined || !constantTimeEqual(expected, credentials.apiKey)) {
      return refuse('unknown customer id or wrong API key');
    }
    return { ok: true, customerId: credentials.customerId, scheme: 'basic' };
  }
  const tsa = TSA.exec(header);
  if (!tsa?.[1] || !tsa[2])
    return refuse('the Authorization header is neither "Basic …" nor "TSA <customer_id>:<signature>"');
  if (!schemes.includes('hmac')) return refuse('TSA authentication is not accepted here; use Basic');
  const customerId = tsa[1];
  const apiKey = options.apiKeyOf(customerId);
  if (apiKey === undefined) return refuse('unknown customer id');
  const date = request.headers.get('date') ?? request.headers.get('x-ts-date');
  const nonce = request.headers.get('x-ts-nonce');
  const authMethod = request.headers.get('x-ts-auth-method');
  if (!date) return refuse('a signed request needs a Date header');
  if (!nonce) return refuse('a signed request needs an x-ts-nonce header');
  if (authMethod !== null && authMethod.toUpperCase() !== 'HMAC-SHA256') {
    return refuse(`x-ts-auth-method must be HMAC-SHA256, got "${authMethod.slice(0, 40)}"`);
  }
  const sentAt = Date.parse(date);
  if (Number.isNaN(sentAt)) return refuse('the Date header is not an RFC 1123 date');
  const now = (options.now ?? Date.now)();
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_DATE_SKEW_MS;
  if (Math.abs(now - sentAt) > maxSkewMs) {
    return refuse(`the Date header is more than ${Math.round(maxSkewMs / 1000)} s from the server's clock`);
  }
  const expected = hmacBase64(
    hmacSecretOf({ customerId, apiKey }),
    requestStringToSign({
      method: request.method,
      contentType: request.headers.get('content-type') ?? '',
      date,
      nonce,
      body: request.body,
      path: request.path,
    }),
  );
  if (!constantTimeEqual(expected, tsa[2])) return refuse('the TSA signature does not match the request');
  // Claim the nonce only for a valid signature, so forged requests cannot burn a real client's nonces.
  if (options.nonces && !options.nonces.claim(`${customerId}:${nonce}`)) {
    return refuse('this x-ts-nonce was already used: the request is a replay');
  }
  return { ok: true, customerId, scheme: 'hmac' };
}

function refuse(message: string): AuthenticationResult {
  return { ok: false, status: 'not_authorized', message };
}
