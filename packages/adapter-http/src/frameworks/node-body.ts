/**
 * The event body of a `node:http` request inside a framework (Express, Fastify): the exact bytes a framework kept
 * (`rawBody`, or a `Buffer` / string body from a raw parser), else the unread stream read within the limit; a
 * body some parser already consumed and turned into an object is reported as such, never re-serialised.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, type JsonAnswer } from '@ivrkit/protocol';

/**
 * A `node:http` request as frameworks hand it over: possibly with a parsed `body` and the raw bytes kept as
 * `rawBody` (Express's `verify` recipe, `fastify-raw-body`).
 *
 * @example
 * const request: FrameworkRequest = expressRequest;
 */
export type FrameworkRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/**
 * What {@link eventBodyOf} found.
 *
 * @example
 * const found: EventBody = await eventBodyOf(request, request.body, 65_536);
 */
export type EventBody =
  | { kind: 'text'; text: string }
  | { kind: 'too-large'; error: BodyTooLargeError }
  | { kind: 'already-read' };

/**
 * Finds the exact event body: `rawBody` first, then a `Buffer` or string `body`, then the unread stream. An
 * object body (parsed JSON), or a stream that already ended with nothing kept, is `already-read`.
 *
 * @example
 * const found = await eventBodyOf(req, req.body, LIMITS.maxBodyBytes);
 * if (found.kind === 'text') await app.handle({ method: 'POST', path: '/events', headers, body: found.text });
 */
export async function eventBodyOf(
  incoming: IncomingMessage,
  kept: { body?: unknown; rawBody?: unknown },
  maxBodyBytes: number,
): Promise<EventBody> {
  const bytes = exactBytes(kept.rawBody) ?? exactBytes(kept.body);
  if (bytes !== undefined) {
    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
    if (size > maxBodyBytes) return { kind: 'too-large', error: new BodyTooLargeError(maxBodyBytes, size) };
    return { kind: 'text', text: typeof bytes === 'string' ? bytes : bytes.toString('utf8') };
  }
  if (kept.body !== undefined || incoming.readableEnded) return { kind: 'already-read' };
  return readStream(incoming, maxBodyBytes);
}

function exactBytes(value: unknown): Buffer | string | undefined {
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function readStream(incoming: IncomingMessage, maxBodyBytes: number): Promise<EventBody> {
  const declared = Number(incoming.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    incoming.resume(); // drain, so the client reads the 413 rather than a reset connection
    return Promise.resolve({ kind: 'too-large', error: new BodyTooLargeError(maxBodyBytes, declared) });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      incoming.off('data', onData);
      incoming.resume();
      resolve({ kind: 'too-large', error: new BodyTooLargeError(maxBodyBytes, total) });
    };
    incoming.on('data', onData);
    incoming.once('error', () => resolve({ kind: 'already-read' }));
    incoming.once('end', () => resolve({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * Writes a {@link JsonAnswer} on a `node:http` response (a no-op once headers went out).
 *
 * @example
 * writeJsonAnswer(res, await app.handle(request));
 */
export function writeJsonAnswer(outgoing: ServerResponse, answer: JsonAnswer): void {
  if (outgoing.headersSent) return;
  if (answer.body === null) {
    outgoing.writeHead(answer.status, { 'content-length': 0 });
    outgoing.end();
    return;
  }
  outgoing.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer.body),
  });
  outgoing.end(answer.body);
}
