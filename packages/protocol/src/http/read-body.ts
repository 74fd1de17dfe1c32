/**
 * Reading an untrusted request body within a byte limit, for every server in the project (the adapter's webhook,
 * the simulator's endpoints). Web-standard only (`Request`, streams, `TextDecoder`): it runs wherever `fetch` does.
 *
 * @module
 */

/**
 * The body was larger than allowed; `seen` is the declared length, or the bytes read when the limit was passed.
 *
 * @example
 * try { await readBodyLimited(request, 1024); } catch (e) { if (e instanceof BodyTooLargeError) return new Response(e.message, { status: 413 }); }
 */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly limit: number,
    readonly seen: number,
  ) {
    super(`the body is larger than ${limit} bytes (${seen} bytes or more)`);
  }
}

/**
 * Reads `request`'s body as UTF-8 text without ever holding more than `maxBytes`: an oversized body is refused by
 * its `Content-Length` before reading, or as soon as the streamed bytes pass the limit. Throws
 * {@link BodyTooLargeError}.
 *
 * @example
 * const text = await readBodyLimited(request, LIMITS.maxBodyBytes);
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes, declared);
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
      throw new BodyTooLargeError(maxBytes, total);
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
