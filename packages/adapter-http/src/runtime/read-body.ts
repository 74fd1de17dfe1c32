/**
 * Reads a request body without ever holding more than a limit in memory: an oversized body is refused by its
 * `Content-Length` before reading, or as soon as the streamed bytes pass the limit.
 *
 * @module
 */

/**
 * The body was larger than allowed.
 *
 * @example
 * try { await readBodyLimited(request, 1024); } catch (e) { if (e instanceof BodyTooLargeError) return new Response(null, { status: 413 }); }
 */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`the body exceeds ${limit} bytes`);
  }
}

/**
 * Reads `request`'s body as UTF-8 text, throwing {@link BodyTooLargeError} past `maxBytes`.
 *
 * @example
 * const text = await readBodyLimited(request, 64 * 1024);
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
