export {
  type CallOptions,
  type ClientPaths,
  createTeleSignClient,
  type DialParams,
  type TeleSignClient,
  type TeleSignClientOptions,
} from './client.js';
export { DEFAULT_BASE_URL, ENV_VARS, type ResolvedConfig, resolveConfig } from './config.js';
export {
  backoff,
  parseRetryAfter,
  RETRY_DEFAULTS,
  type RequestSafety,
  type RetryDecision,
  type RetryInput,
  type RetryOptions,
  retryDecision,
} from './retry.js';
export {
  type AuthScheme,
  buildUrl,
  type FetchLike,
  type RequestSpec,
  type ResponseOf,
  type RetryInfo,
  sendRequest,
} from './send-request.js';
export type * from './types.js';
