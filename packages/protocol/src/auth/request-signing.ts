import { createHmac, type KeyObject, randomUUID } from 'node:crypto';
import { type Credentials, hmacSecretOf } from './credentials.js';

/** What a TeleSign HMAC (`TSA`) request signature covers. */
export interface SignableRequest {
  /** HTTP method; upper-cased when signed. */
  method: string;
  /** The request path only: no host, no query string. */
  path: string;
  /** The raw body; empty or absent for GET and DELETE. */
  body?: string;
  /** Content-Type; as TeleSign's SDK does, defaults to `application/json` for POST and PUT and is empty otherwise. */
  contentType?: string;
  /** The `Date` header (RFC 1123). Defaults to now. */
  date?: string;
  /** The `x-ts-nonce` header. Defaults to a fresh UUID. */
  nonce?: string;
}

/** The headers a signed request carries. */
export interface SignedRequestHeaders {
  Authorization: string;
  Date: string;
  'Content-Type': string;
  'x-ts-auth-method': 'HMAC-SHA256';
  'x-ts-nonce': string;
}

/**
 * The string TeleSign's HMAC scheme signs: method, content type, date, auth method, nonce, body (only when there is
 * one) and path, joined by `\n`.
 *
 * @example
 * requestStringToSign({ method: 'GET', path: '/v1/phone_numbers/numbers', contentType: '', date: 'Wed, 14 Dec 2016 18:20:12 GMT', nonce: 'n' });
 */
export function requestStringToSign(
  request: Required<Pick<SignableRequest, 'method' | 'path' | 'date' | 'nonce' | 'contentType'>> & {
    body?: string;
  },
): string {
  const lines = [
    request.method.toUpperCase(),
    request.contentType,
    request.date,
    'x-ts-auth-method:HMAC-SHA256',
    `x-ts-nonce:${request.nonce}`,
  ];
  if (request.body) lines.push(request.body);
  lines.push(request.path);
  return lines.join('\n');
}

/** `base64(HMAC-SHA256(key, text))`. */
export function hmacBase64(key: Buffer | KeyObject, text: string | Buffer): string {
  return createHmac('sha256', key).update(text).digest('base64');
}

/**
 * Signs a request the way TeleSign's SDKs do, returning the headers to send.
 * Throws `CredentialsError` when the credentials cannot be used.
 *
 * @example
 * const headers = signRequest(
 *   { customerId: 'cust', apiKey: 'eW91ckFwaUtleQ==' },
 *   { method: 'POST', path: '/v2/voice', body: '{"method":"hangup","params":{}}' },
 * );
 */
export function signRequest(credentials: Credentials, request: SignableRequest): SignedRequestHeaders {
  const key = hmacSecretOf(credentials);
  const body = request.body ?? '';
  const method = request.method.toUpperCase();
  const contentType =
    method === 'POST' || method === 'PUT' ? (request.contentType ?? 'application/json') : '';
  const date = request.date ?? new Date().toUTCString();
  const nonce = request.nonce ?? randomUUID();
  const signature = hmacBase64(
    key,
    requestStringToSign({ method, path: request.path, body, contentType, date, nonce }),
  );
  return {
    Authorization: `TSA ${credentials.customerId}:${signature}`,
    Date: date,
    'Content-Type': contentType,
    'x-ts-auth-method': 'HMAC-SHA256',
    'x-ts-nonce': nonce,
  };
}
