/**
 * Authenticates REST requests as TeleSign does — Basic or TeleSign HMAC (`TSA`) — with `authenticateRequest`
 * from `@ivrkit/protocol/auth`, plus one accommodation for TeleSign's own Node SDK (`telesignsdk` 3.x): with
 * `Content-Type: application/json` set on its client it signs a body of `{}` for GET and DELETE requests but sends
 * no body. A server that accepts TeleSign's SDK must accept its requests unchanged, so a bodiless GET/DELETE whose
 * signature fails over the empty body is checked once more over `{}`.
 *
 * @module
 */
import { type AuthenticationResult, authenticateRequest, type NonceCache } from '@ivrkit/protocol/auth';

/**
 * Who may call the simulator's REST API.
 *
 * @example
 * const config: AuthConfig = { customerId, apiKey, nonces: createNonceCache({ ttlMs: 900_000 }), now: Date.now };
 */
export interface AuthConfig {
  customerId: string;
  apiKey: string;
  nonces: NonceCache;
  /** Wall clock for the `Date` skew check (not the simulated clock: clients sign with real dates). */
  now: () => number;
}

/**
 * Authenticates a request whose body was already read.
 *
 * @example
 * const result = authenticate(request, path, body, config);
 * if (!result.ok) return refusal(result.status, result.message);
 */
export function authenticate(
  request: Request,
  path: string,
  body: string,
  config: AuthConfig,
): AuthenticationResult {
  const options = {
    apiKeyOf: (id: string) => (id === config.customerId ? config.apiKey : undefined),
    nonces: config.nonces,
    now: config.now,
  };
  const received = { method: request.method, path, headers: request.headers, body };
  const result = authenticateRequest(received, options);
  if (
    !result.ok &&
    body === '' &&
    (request.method === 'GET' || request.method === 'DELETE') &&
    result.message === 'the TSA signature does not match the request'
  ) {
    return authenticateRequest({ ...received, body: '{}' }, options);
  }
  return result;
}
