/**
 * Callback signature checking for the event URL, in three modes: `required` (unsigned or badly signed events are
 * refused with 401), `optional` (unsigned events pass, badly signed ones are refused) and `off`.
 *
 * @module
 */

import type { HeaderReader } from '@ivrkit/protocol';
import {
  assertUsableCredentials,
  type Credentials,
  CredentialsError,
  verifyCallback,
} from '@ivrkit/protocol/auth';
import { ENV_VARS } from '../client/config.js';

/**
 * How strictly event signatures are checked.
 *
 * @example
 * const mode: VerifyMode = process.env.NODE_ENV === 'production' ? 'required' : 'optional';
 */
export type VerifyMode = 'required' | 'optional' | 'off';

/**
 * The `verify` option: a mode, or a mode with the credentials to verify with (default: `TELESIGN_*` env).
 *
 * @example
 * const verify: VerifyOption = { mode: 'required', customerId: 'cust', apiKey: process.env.KEY };
 */
export type VerifyOption = VerifyMode | { mode: VerifyMode; customerId?: string; apiKey?: string };

/**
 * A verifier's verdict.
 *
 * @example
 * const verdict: Verdict = verifier(body, request.headers);
 * if (!verdict.ok) return new Response(verdict.reason, { status: 401 });
 */
export type Verdict = { ok: true; signed: boolean } | { ok: false; reason: string };

/**
 * Builds the verifier of the event URL. `required` / `optional` without credentials throws `CredentialsError`
 * at once, naming the missing variable.
 *
 * @example
 * const verify = createCallbackVerifier('required', process.env);
 * const verdict = verify(rawBody, request.headers);
 */
export function createCallbackVerifier(
  option: VerifyOption,
  env: Readonly<Record<string, string | undefined>>,
): (body: string, headers: HeaderReader) => Verdict {
  const mode = typeof option === 'string' ? option : option.mode;
  if (mode === 'off') return () => ({ ok: true, signed: false });
  const given: { customerId?: string; apiKey?: string } = typeof option === 'string' ? {} : option;
  const customerId = given.customerId ?? env[ENV_VARS.customerId];
  const apiKey = given.apiKey ?? env[ENV_VARS.apiKey];
  if (!customerId || !apiKey) {
    throw new CredentialsError(
      `verify: '${mode}' needs TeleSign credentials: pass customerId and apiKey, or set ${ENV_VARS.customerId} and ${ENV_VARS.apiKey}`,
    );
  }
  // A key that can never verify is a configuration error now, not a 500 for every event later.
  assertUsableCredentials(
    { customerId, apiKey },
    { apiKey: given.apiKey === undefined ? ENV_VARS.apiKey : 'verify.apiKey' },
  );
  const credentials: Credentials = { customerId, apiKey };
  return (body, headers) => {
    const signed = headers.get('authorization') !== null || headers.get('x-ts-authorization') !== null;
    if (!signed) {
      return mode === 'optional'
        ? { ok: true, signed: false }
        : { ok: false, reason: 'the event is not signed' };
    }
    return verifyCallback(credentials, body, headers)
      ? { ok: true, signed: true }
      : { ok: false, reason: 'the event signature does not match' };
  };
}
