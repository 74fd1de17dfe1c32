import { assertCustomerId, type Credentials } from './credentials.js';
import { CredentialsError } from './errors.js';

/**
 * Builds the `Authorization` header of TeleSign's Basic authentication.
 *
 * @example
 * basicAuthorization({ customerId: 'cust', apiKey: 'key' }); // 'Basic Y3VzdDprZXk='
 */
export function basicAuthorization(credentials: Credentials): string {
  assertCustomerId(credentials.customerId);
  if (!credentials.apiKey) throw new CredentialsError('TeleSign API key is missing');
  return `Basic ${Buffer.from(`${credentials.customerId}:${credentials.apiKey}`, 'utf8').toString('base64')}`;
}

/**
 * Reads a Basic `Authorization` header; `null` when the header is absent or not Basic.
 *
 * @example
 * parseBasicAuthorization('Basic Y3VzdDprZXk='); // { customerId: 'cust', apiKey: 'key' }
 */
export function parseBasicAuthorization(header: string | null | undefined): Credentials | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { customerId: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
}
