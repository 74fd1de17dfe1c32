/**
 * TeleSign authentication, layered from pure functions up: Basic headers, HMAC (`TSA`) request signing and
 * verification, callback signing and verification, constant-time comparison, nonce replay protection.
 * Node-only (it uses `node:crypto`), hence its own entry point: `@ivrkit/protocol/auth`.
 *
 * @module
 */
export { basicAuthorization, parseBasicAuthorization } from './basic.js';
export { type CallbackHeaders, signCallback, verifyCallback } from './callback-signing.js';

export { assertUsableCredentials, type Credentials, hmacKeyOf } from './credentials.js';
export { CredentialsError, isCredentialsError } from './errors.js';
export { createNonceCache, type NonceCache, type NonceCacheOptions } from './nonce-cache.js';
export { type SignableRequest, type SignedRequestHeaders, signRequest } from './request-signing.js';
export {
  type AuthenticateOptions,
  type AuthenticationResult,
  authenticateRequest,
  type ReceivedRequest,
} from './request-verification.js';
