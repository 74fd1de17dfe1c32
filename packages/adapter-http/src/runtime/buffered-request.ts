/**
 * `node:http` helpers for buffered requests (the types are `@ivrkit/protocol`'s, shared with the simulator).
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderReader } from '@ivrkit/protocol';

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
