import { createSecretKey, type KeyObject } from 'node:crypto';
import { MIN_API_KEY_BYTES } from '../ours.js';
import { CredentialsError } from './errors.js';

/** A TeleSign customer id and API key (the key is base64, as TeleSign issues it). */
export interface Credentials {
  customerId: string;
  apiKey: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes the API key into the HMAC key bytes, or throws {@link CredentialsError} when the customer id or key is
 * missing or the key is not base64.
 *
 * @example
 * const key = hmacKeyOf({ customerId: 'c', apiKey: 'eW91ckFwaUtleQ==' });
 */
export function hmacKeyOf(credentials: Credentials): Buffer {
  assertCustomerId(credentials.customerId);
  return decodeApiKey(credentials.apiKey);
}

/** Decoded keys by API key, for {@link hmacSecretOf}: a process signs and checks with a handful of keys. */
const secrets = new Map<string, KeyObject>();
const MAX_CACHED_SECRETS = 64;

/**
 * The HMAC key of `credentials` as a `KeyObject`, decoded once per API key: what every signature and check uses
 * (decoding and validating the key on each event was a sixth of checking its signature). Throws as
 * {@link hmacKeyOf} does.
 *
 * @example
 * const signature = createHmac('sha256', hmacSecretOf(credentials)).update(body).digest('base64');
 */
export function hmacSecretOf(credentials: Credentials): KeyObject {
  assertCustomerId(credentials.customerId);
  const { apiKey } = credentials;
  const cached = typeof apiKey === 'string' ? secrets.get(apiKey) : undefined;
  if (cached) return cached;
  const secret = createSecretKey(decodeApiKey(apiKey));
  if (secrets.size >= MAX_CACHED_SECRETS) secrets.delete(secrets.keys().next().value as string);
  secrets.set(apiKey, secret);
  return secret;
}

function decodeApiKey(apiKey: unknown): Buffer {
  if (typeof apiKey !== 'string' || apiKey.length === 0) {
    throw new CredentialsError('TeleSign API key is missing');
  }
  const compact = apiKey.trim();
  if (compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new CredentialsError(
      'TeleSign API key is not base64 (it should be the key exactly as TeleSign issued it)',
    );
  }
  return Buffer.from(compact, 'base64');
}

/** Throws {@link CredentialsError} unless `customerId` is a non-empty string without `:`. */
export function assertCustomerId(customerId: unknown): asserts customerId is string {
  if (typeof customerId !== 'string' || customerId.length === 0) {
    throw new CredentialsError('TeleSign customer id is missing');
  }
  if (customerId.includes(':')) {
    throw new CredentialsError('TeleSign customer id must not contain ":"');
  }
}

/**
 * Checks credentials when a server or client starts, so that a key that can never sign or verify is a
 * configuration error then, not a failure of every event later: the customer id is usable, and the API key is
 * exactly base64 (no whitespace, a stray newline from a file or a variable included) of at least
 * `MIN_API_KEY_BYTES` bytes. Throws {@link CredentialsError} saying what is wrong, naming `names.apiKey` (where the
 * key came from) — never the key.
 *
 * @example
 * assertUsableCredentials({ customerId: 'c', apiKey: process.env.TELESIGN_API_KEY ?? '' }, { apiKey: 'TELESIGN_API_KEY' });
 */
export function assertUsableCredentials(
  credentials: { customerId?: unknown; apiKey?: unknown },
  names: { apiKey?: string } = {},
): void {
  assertCustomerId(credentials.customerId);
  const what = names.apiKey ? `TeleSign API key (${names.apiKey})` : 'TeleSign API key';
  const apiKey = credentials.apiKey;
  if (typeof apiKey !== 'string' || apiKey.length === 0) throw new CredentialsError(`${what} is missing`);
  if (/\s/.test(apiKey))
    throw new CredentialsError(
      `${what} contains whitespace (a trailing newline from a file?): give the key exactly as TeleSign issued it`,
    );
  if (apiKey.length % 4 === 1 || !BASE64.test(apiKey))
    throw new CredentialsError(`${what} is not base64: give the key exactly as TeleSign issued it`);
  const bytes = Buffer.from(apiKey, 'base64').length;
  if (bytes < MIN_API_KEY_BYTES)
    throw new CredentialsError(
      `${what} is too short: ${bytes} byte${bytes === 1 ? '' : 's'} once decoded, at least ${MIN_API_KEY_BYTES} expected (TeleSign issues 64)`,
    );
}
