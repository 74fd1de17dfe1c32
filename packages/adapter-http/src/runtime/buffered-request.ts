/**
 * The request path a buffered handler is given (the request shapes are `@ivrkit/protocol`'s, shared with the
 * simulator).
 *
 * @module
 */

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
