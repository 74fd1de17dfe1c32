/**
 * Serves a directory of built files as a Web-standard `fetch` handler: the softphone page, mounted under a path
 * prefix by whoever hosts it (the demo, or a simulator given a UI directory).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.map': 'application/json',
};

/**
 * A handler answering `GET`/`HEAD` of files under `dir` (`/` is `index.html`), mounted at `prefix`. It answers
 * `undefined` for requests it does not serve, so it chains in front of another handler.
 *
 * @example
 * const ui = createStaticHandler(await buildSoftphone());
 * const handler = async (request: Request) => (await ui(request)) ?? sim.fetch(request);
 */
export function createStaticHandler(
  dir: string,
  prefix = '/',
): (request: Request) => Promise<Response | undefined> {
  const root = normalize(dir);
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      // A malformed escape (`/%zz`) names no file: passed on, for the next handler's 4xx.
      return undefined;
    }
    if (!pathname.startsWith(base) && `${pathname}/` !== base) return undefined;
    const relative = pathname.slice(base.length) || 'index.html';
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep)) return undefined;
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return undefined;
    }
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': relative === 'index.html' ? 'no-cache' : 'public, max-age=3600',
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
