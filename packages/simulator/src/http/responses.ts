/**
 * Building the simulator's HTTP answers: JSON bodies, and refusals that carry TeleSign's (or our) status string
 * with a `message`, at the HTTP code the status string belongs to.
 *
 * @module
 */
import { httpStatusOf, OUR_RESPONSE_STATUS, type VoiceResponseStatus } from '@ivrkit/protocol';

/**
 * A JSON response.
 *
 * @example
 * return json(200, { data: [] });
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * A refusal: `{ reference_id?, status, message }` at the status string's HTTP code.
 *
 * @example
 * return refusal('to_number_not_provided', 'params.to: expected a phone number, got nothing', '');
 */
export function refusal(
  status: VoiceResponseStatus | (string & {}),
  message: string,
  referenceId?: string,
  headers: Record<string, string> = {},
): Response {
  const body: Record<string, string> = {};
  if (referenceId !== undefined) body.reference_id = referenceId;
  body.status = status;
  body.message = message;
  return json(httpStatusOf(status), body, headers);
}

/**
 * An error raised while handling a request that already knows its answer (like hono's `HTTPException`).
 *
 * @example
 * throw new HttpRefusal('invalid_request', 'country_iso2: expected a two-letter code');
 */
export class HttpRefusal extends Error {
  override readonly name = 'HttpRefusal';
  constructor(
    readonly status: VoiceResponseStatus | (string & {}),
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The response this refusal stands for. */
  getResponse(): Response {
    return refusal(this.status, this.message, undefined, this.headers);
  }
}

/**
 * 404 for a path we do not serve.
 *
 * @example
 * return notFound('/v3/voice'); // 404 not_found
 */
export function notFound(path: string): Response {
  return refusal(OUR_RESPONSE_STATUS.notFound, `no such path: ${path.slice(0, 200)}`);
}

/**
 * 405 with the `Allow` header.
 *
 * @example
 * return methodNotAllowed('GET', '/v2/voice', ['POST']); // 405 with Allow: POST
 */
export function methodNotAllowed(method: string, path: string, allow: readonly string[]): Response {
  return refusal(
    OUR_RESPONSE_STATUS.methodNotAllowed,
    `${method.slice(0, 16)} is not allowed on ${path.slice(0, 200)}; use ${allow.join(' or ')}`,
    undefined,
    { Allow: allow.join(', ') },
  );
}
