/**
 * Serves a Web-standard `fetch` handler on Node's `http`: each `IncomingMessage` becomes a `Request`, each
 * `Response` is written back, streaming. Nothing simulator-specific lives here.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** Options of {@link serveNode}. */
export interface ServeOptions {
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Host to bind. Default `127.0.0.1`. */
  host?: string;
}

/** A running server. */
export interface NodeServer {
  server: Server;
  /** `http://host:port`. */
  url: string;
  port: number;
  /** Stops accepting, ends open connections, resolves when closed. */
  close(): Promise<void>;
}

/**
 * Starts a Node HTTP server for `handler`.
 *
 * @example
 * const sim = createSimulator();
 * const { url, close } = await serveNode(sim.fetch, { port: 0 });
 */
export async function serveNode(
  handler: (request: Request) => Promise<Response>,
  options: ServeOptions = {},
): Promise<NodeServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void respond(handler, req, res, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Converts a Node request to a Web `Request`.
 *
 * @example
 * const request = toRequest(req, '127.0.0.1');
 */
export function toRequest(req: IncomingMessage, host: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const url = `http://${req.headers.host ?? host}${req.url ?? '/'}`;
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function respond(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  host: string,
): Promise<void> {
  try {
    const response = await handler(toRequest(req, host));
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    res.writeHead(response.status, headers);
    if (response.body === null || req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = new Uint8Array(await response.arrayBuffer());
    res.end(body);
    // A request body the handler did not read (a refused upload) is discarded, so the socket is not stuck.
    if (!req.complete) req.resume();
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'internal_error', message: String(error) }));
    } else res.destroy();
  }
}
