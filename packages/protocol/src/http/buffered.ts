/**
 * The server-neutral shape of an event URL exchange: a request whose body is already read (within the size limit)
 * and a JSON answer. The adapter's `VoiceApp.handle` takes these, and the simulator can deliver events to such a
 * handler in-process, so that neither side pays for Web `Request` / `Response` objects.
 *
 * @module
 */

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
 * Handles buffered requests: what a `VoiceApp` offers besides `fetch`, what the adapter's `serve` prefers, and
 * what the simulator's `customer` option delivers events to.
 *
 * @example
 * const handler: BufferedHandler = app;
 */
export interface BufferedHandler {
  handle(request: BufferedRequest): Promise<JsonAnswer>;
}

/**
 * A {@link HeaderReader} over a plain header object: `node:http`'s `incoming.headers`, or headers written as a
 * record (`{ 'X-TS-Authorization': … }`). Names match in any case; a repeated header's values are joined with
 * `, `, as `Headers.get` joins them.
 *
 * @example
 * headerReader({ 'Content-Type': 'application/json' }).get('content-type'); // 'application/json'
 */
export function headerReader(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): HeaderReader {
  return {
    get(name) {
      const lower = name.toLowerCase();
      let value = headers[lower];
      if (value === undefined) {
        for (const key in headers) {
          if (key.toLowerCase() === lower) {
            value = headers[key];
            break;
          }
        }
      }
      if (value === undefined) return null;
      return typeof value === 'string' ? value : value.join(', ');
    },
  };
}
