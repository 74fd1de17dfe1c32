/**
 * The checks every TeleSign-side request passes, in order: body size (413), authentication (401); and helpers
 * for query and body parameters that refuse with 400 `invalid_request` and a message naming the parameter.
 *
 * @module
 */
import { LIMITS, OUR_RESPONSE_STATUS } from '@ivrkit/protocol';
import type { SimulatorContext } from '../context.js';
import { authenticate } from './authenticate.js';
import { mediaTypeOf, readBody } from './read-body.js';
import { HttpRefusal } from './responses.js';

/**
 * Reads the body within the limit and authenticates the request; throws {@link HttpRefusal} on failure.
 *
 * @example
 * const body = await guard(ctx, request, '/v2/voice');
 */
export async function guard(ctx: SimulatorContext, request: Request, path: string): Promise<string> {
  const body = await readBody(request, ctx.maxBodyBytes);
  const result = authenticate(request, path, body, ctx.auth);
  if (!result.ok)
    throw new HttpRefusal(result.status, result.message, { 'WWW-Authenticate': 'Basic realm="TeleSign"' });
  return body;
}

/**
 * Parses a JSON or form-encoded body into flat string fields; throws 415 for other content types and 400 for
 * unreadable bodies.
 *
 * @example
 * const fields = parseFields(request, body, { form: true }); // { country_iso2: 'US', phone_number: '…' }
 */
export function parseFields(
  request: Request,
  body: string,
  accept: { form: boolean },
): Record<string, unknown> {
  const type = mediaTypeOf(request);
  if (type === 'application/x-www-form-urlencoded' && accept.form) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  if (type !== 'application/json') {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.unsupportedContentType,
      `Content-Type must be application/json${accept.form ? ' or application/x-www-form-urlencoded' : ''}, got "${type.slice(0, 80)}"`,
    );
  }
  if (body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `body: expected JSON, got unreadable text (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpRefusal(OUR_RESPONSE_STATUS.invalidRequest, 'body: expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * A required string field; 400 when missing or not a string.
 *
 * @example
 * const to = requiredString(fields, 'to', 64);
 */
export function requiredString(
  fields: Record<string, unknown>,
  name: string,
  max: number = LIMITS.maxIdLength,
): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `${name}: expected a string of 1 to ${max} characters, got ${value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60)}`,
    );
  }
  return value;
}

/**
 * An optional non-negative integer query parameter; 400 when malformed.
 *
 * @example
 * const after = integerParam(url, 'after', 0, Number.MAX_SAFE_INTEGER) ?? 0;
 */
export function integerParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new HttpRefusal(
      OUR_RESPONSE_STATUS.invalidRequest,
      `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return Number(raw);
}
