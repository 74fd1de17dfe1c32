import { constantTimeEqual } from './constant-time.js';
import { type Credentials, hmacSecretOf } from './credentials.js';
import { hmacBase64 } from './request-signing.js';

/** The headers TeleSign puts on a callback (an event POST): the body's HMAC, twice. */
export interface CallbackHeaders {
  Authorization: string;
  'X-TS-Authorization': string;
}

/**
 * The signature of a callback body: `base64(HMAC-SHA256(base64decode(apiKey), body))`.
 *
 * @example
 * callbackSignature({ customerId: 'c', apiKey: 'eW91ckFwaUtleQ==' }, '{"event":"incoming_call"}');
 */
export function callbackSignature(credentials: Credentials, body: string | Uint8Array): string {
  return hmacBase64(hmacSecretOf(credentials), typeof body === 'string' ? body : Buffer.from(body));
}

/**
 * Signs an event body as TeleSign signs callbacks. The simulator signs with this; the adapter verifies with
 * {@link verifyCallback}.
 *
 * @example
 * const headers = signCallback(credentials, JSON.stringify(event));
 * await fetch(eventUrl, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
 */
export function signCallback(credentials: Credentials, body: string | Uint8Array): CallbackHeaders {
  const signature = callbackSignature(credentials, body);
  return { Authorization: `TSA ${credentials.customerId}:${signature}`, 'X-TS-Authorization': signature };
}

/**
 * Verifies a callback's signature. Either header suffices; when both are present both must match, and the
 * `Authorization` header must name our customer id. Answers `false` for anything that does not check out;
 * throws `CredentialsError` only when our own credentials are unusable.
 *
 * @example
 * if (!verifyCallback(credentials, rawBody, request.headers)) return new Response('bad signature', { status: 401 });
 */
export function verifyCallback(
  credentials: Credentials,
  body: string | Uint8Array,
  headers: { get(name: string): string | null },
): boolean {
  const expected = callbackSignature(credentials, body);
  const authorization = headers.get('authorization');
  const xts = headers.get('x-ts-authorization');
  if (authorization === null && xts === null) return false;
  if (xts !== null && !constantTimeEqual(expected, xts.trim())) return false;
  if (authorization !== null) {
    const match = /^TSA\s+([^:\s]+):(\S+)\s*$/i.exec(authorization);
    if (!match?.[2] || match[1] !== credentials.customerId) return false;
    if (!constantTimeEqual(expected, match[2])) return false;
  }
  return true;
}
