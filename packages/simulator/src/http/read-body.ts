/**
 * Request bodies in the simulator: the protocol package's bounded reader, with its refusal as the simulator's 413
 * `request_too_large`; and the media type of a request.
 *
 * @module
 */
import { BodyTooLargeError, OUR_RESPONSE_STATUS, readBodyLimited } from '@ivrkit/protocol';
import { HttpRefusal } from './responses.js';

/**
 * The body of `request` as UTF-8 text; throws {@link HttpRefusal} (413 `request_too_large`) past `maxBytes`.
 *
 * @example
 * const text = await readBody(request, 64 * 1024);
 */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  try {
    return await readBodyLimited(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new HttpRefusal(OUR_RESPONSE_STATUS.requestTooLarge, error.message);
    throw error;
  }
}

/**
 * The media type of a request, lower-cased, without parameters (`application/json`).
 *
 * @example
 * mediaTypeOf(new Request('http://x/', { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' } })); // 'application/json'
 */
export function mediaTypeOf(request: Request): string {
  const header = request.headers.get('content-type') ?? '';
  return (header.split(';')[0] ?? '').trim().toLowerCase();
}
