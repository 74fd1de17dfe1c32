/**
 * The `Host` header of a request to a local server: whether it is well-formed, and whether it names this server.
 * A local control surface (the simulator's `/_sim`, the demo) answers only to loopback names and IP addresses by
 * default, so that a web page whose domain is re-pointed at 127.0.0.1 (DNS rebinding) cannot drive or read it.
 * Web-standard only (`URL`).
 *
 * @module
 */

/**
 * The host name of a `Host` header value (lower-case, IPv6 in brackets), or `undefined` when the value is not a
 * plain `host[:port]` (spaces, credentials `user:pw@x`, an unclosed `[::1`, a bad `%` escape, a path…).
 *
 * @example
 * hostNameOf('Example.com:8080'); // 'example.com'
 * hostNameOf('user:pw@x'); // undefined
 */
export function hostNameOf(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '' || !/^[A-Za-z0-9.\-[\]:_]+$/.test(value))
    return undefined;
  let url: URL;
  try {
    url = new URL(`http://${value}/`);
  } catch {
    return undefined;
  }
  if (url.host !== value.toLowerCase() && url.host !== value.toLowerCase().replace(/:80$/, ''))
    return undefined;
  return url.hostname;
}

/**
 * Whether the `Host` header value names this server: an IP address, a loopback name (`localhost`,
 * `*.localhost`), or one of `names` (exact, case-insensitive; `'*'` accepts any well-formed host).
 *
 * @example
 * isAllowedHost('127.0.0.1:8787', []); // true
 * isAllowedHost('evil.example:8787', []); // false
 * isAllowedHost('ivr.lan:8787', ['ivr.lan']); // true
 */
export function isAllowedHost(value: string | undefined | null, names: readonly string[]): boolean {
  const name = hostNameOf(value);
  if (name === undefined) return false;
  if (names.includes('*')) return true;
  if (name.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return names.some((allowed) => allowed.toLowerCase() === name);
}

/**
 * Whether `host` (a bind address such as `127.0.0.1`, `::1` or `localhost`) is a loopback address.
 *
 * @example
 * isLoopbackAddress('0.0.0.0'); // false
 */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}
