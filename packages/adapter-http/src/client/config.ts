import { assertUsableCredentials, CredentialsError } from '@ivrkit/protocol/auth';

/**
 * The environment variables the client reads where an option is not given.
 *
 * @example
 * process.env[ENV_VARS.apiKey]; // the value of TELESIGN_API_KEY
 */
export const ENV_VARS = {
  customerId: 'TELESIGN_CUSTOMER_ID',
  apiKey: 'TELESIGN_API_KEY',
  baseUrl: 'TELESIGN_BASE_URL',
} as const;

/**
 * TeleSign's REST host.
 *
 * @example
 * createTeleSignClient({ baseUrl: DEFAULT_BASE_URL });
 */
export const DEFAULT_BASE_URL = 'https://rest-ww.telesign.com';

/**
 * Credentials and host, resolved from options first and the environment second.
 *
 * @example
 * const { baseUrl }: ResolvedConfig = resolveConfig({}, process.env);
 */
export interface ResolvedConfig {
  customerId: string;
  apiKey: string;
  baseUrl: string;
}

/**
 * Resolves the client's credentials and base URL: each option wins over its environment variable
 * ({@link ENV_VARS}); the base URL defaults to {@link DEFAULT_BASE_URL}. Throws `CredentialsError` (from
 * `@ivrkit/protocol/auth`) naming the missing variable, or saying what is wrong with the key (not base64,
 * whitespace, too short) — never its value.
 *
 * @example
 * resolveConfig({}, { TELESIGN_CUSTOMER_ID: 'cust', TELESIGN_API_KEY: 'eW91ckFwaUtleQ==' });
 * // { customerId: 'cust', apiKey: 'eW91ckFwaUtleQ==', baseUrl: 'https://rest-ww.telesign.com' }
 */
export function resolveConfig(
  options: { customerId?: string | undefined; apiKey?: string | undefined; baseUrl?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): ResolvedConfig {
  const customerId = options.customerId ?? env[ENV_VARS.customerId];
  const apiKey = options.apiKey ?? env[ENV_VARS.apiKey];
  const baseUrl = options.baseUrl ?? env[ENV_VARS.baseUrl] ?? DEFAULT_BASE_URL;
  if (!customerId) {
    throw new CredentialsError(
      `TeleSign customer id is missing: pass customerId or set ${ENV_VARS.customerId}`,
    );
  }
  if (!apiKey) {
    throw new CredentialsError(`TeleSign API key is missing: pass apiKey or set ${ENV_VARS.apiKey}`);
  }
  assertUsableCredentials({ customerId, apiKey }, { apiKey: ENV_VARS.apiKey });
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CredentialsError(`TeleSign base URL is not a URL: ${JSON.stringify(baseUrl.slice(0, 100))}`);
  }
  return { customerId, apiKey, baseUrl: url.origin + url.pathname.replace(/\/+$/, '') };
}
