/**
 * `node:http` wiring for a Web-standard handler: the only file of the runtime that knows Node's HTTP types.
 *
 * @module
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/**
 * A Web-standard handler.
 *
 * @example
 * const handler: FetchHandler = (request) => app.fetch(request);
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Adapts a `fetch(Request) → Response` handler to a `node:http` request listener. Bodies stream through, so a
 * body-size limit in the handler holds against a huge upload.
 *
 * @example
 * createServer(toNodeListener(app.fetch)).listen(8080);
 */
export function toNodeListener(handler: FetchHandler): RequestListener {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort());
    const host = incoming.headers.host ?? 'localhost';
    const url = new URL(incoming.url ?? '/', `http://${host}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
    const request = new Request(url, {
      method: incoming.method ?? 'GET',
      headers,
      signal: controller.signal,
      ...(hasBody
        ? { body: Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>, duplex: 'half' as const }
        : {}),
    } as RequestInit);
    handler(request)
      .then(async (response) => {
        outgoing.statusCode = response.status;
        response.headers.forEach((value, name) => {
          outgoing.setHeader(name, value);
        });
        const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
        outgoing.end(body);
      })
      .catch(() => {
        if (!outgoing.headersSent) outgoing.statusCode = 500;
        outgoing.end();
      });
  };
}

/**
 * A running server.
 *
 * @example
 * const server: RunningServer = await serve(app.fetch, { port: 8080 });
 * await server.close();
 */
export interface RunningServer {
  /** `http://host:port`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a handler on `node:http`. Port 0 picks a free port.
 *
 * @example
 * const server = await serve(app.fetch, { port: 8080 });
 * console.log(`events at ${server.url}`);
 */
export function serve(
  handler: FetchHandler,
  options: { port?: number; hostname?: string } = {},
): Promise<RunningServer> {
  const server = createServer(toNodeListener(handler));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.hostname ?? '127.0.0.1', () => {
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
