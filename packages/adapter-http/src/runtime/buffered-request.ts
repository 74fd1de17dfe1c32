/**
 * The server-neutral shape of an event URL exchange: a request whose body is already read (within the size limit)
 * and a JSON answer. `VoiceApp.handle` works on these; `app.fetch` and the `node:http` listener translate to and
 * from them, so neither pays for the other's request objects.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Read access to request headers by lower-case name: a Web `Headers` is one.
 *
 * @example
 * const signature: string | null = headers.get('x-ts-authorization');
 */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * A request to the event URL with its body read.
 *
 * @example
 * const request: BufferedRequest = { method: 'POST', path: '/events', headers: new Headers(signed), body };
 */
export interface BufferedRequest {
  method: string;
  /** The URL's path, without the query string. */
  path: string;
  headers: HeaderReader;
  /** The body as text (UTF-8); `''` for none. */
  body: string;
}

/**
 * The answer to a {@link BufferedRequest}: a status and a JSON body, or none.
 *
 * @example
 * const answer: JsonAnswer = { status: 200, body: '{"method":"hangup","params":{}}' };
 */
export interface JsonAnswer {
  status: number;
  /** JSON text, sent with `content-type: application/json`; `null` for an empty body. */
  body: string | null;
}

/**
 * Handles buffered requests: what `VoiceApp` offers besides `fetch`, and what `serve` / `toNodeListener` prefer.
 *
 * @example
 * const handler: BufferedHandler = app;
 */
export interface BufferedHandler {
  handle(request: BufferedRequest): Promise<JsonAnswer>;
}

/**
 * A {@link HeaderReader} over `node:http`'s header object (names already lower-case; repeated headers joined
 * with `, ` as `Headers.get` joins them).
 *
 * @example
 * const headers = nodeHeaderReader(incoming.headers);
 */
export function nodeHeaderReader(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The path of a request target (`/events?x=1` → `/events`; an absolute-form target is reduced to its path).
 *
 * @example
 * pathOf('/events?from=telesign'); // '/events'
 */
export function pathOf(target: string): string {
  let path = target;
  if (!path.startsWith('/')) {
    try {
      path = new URL(path).pathname;
    } catch {
      return path;
    }
  }
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}
