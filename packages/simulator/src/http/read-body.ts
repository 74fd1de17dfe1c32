/**
 * Reads a request body as text within a byte limit, without buffering more than the limit: an oversized body is
 * refused with 413 `request_too_large` as soon as it is known to be too large.
 *
 * @module
 */
import { OUR_RESPONSE_STATUS } from '@ivrkit/protocol';
import { HttpRefusal } from './responses.js';

/**
 * The body of `request` as UTF-8 text; throws {@link HttpRefusal} (413) past `maxBytes`.
 *
 * @example
 * const text = await readBody(request, 64 * 1024);
 */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes, Number(declared));
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, total);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function tooLarge(maxBytes: number, seen: number): HttpRefusal {
  return new HttpRefusal(
    OUR_RESPONSE_STATUS.requestTooLarge,
    `the body is larger than ${maxBytes} bytes (${seen}${Number.isFinite(seen) ? '' : '?'} bytes or more)`,
  );
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
