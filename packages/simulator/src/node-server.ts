/**
 * Serves a Web-standard `fetch` handler on Node's `http`: each `IncomingMessage` becomes a `Request`, each
 * `Response` is written back, streaming. Nothing simulator-specific lives here.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostNameOf, isAllowedHost, OUR_RESPONSE_STATUS } from '@ivrkit/protocol';
import { createGuardedServer, type ListenerLimits, type ListenerLog } from '@ivrkit/protocol/node';

/**
 * Options of {@link serveNode}.
 *
 * @example
 * await serveNode(sim.fetch, { port: 0, host: '127.0.0.1', maxBodyBytes: 1_000_000 });
 */
export interface ServeOptions {
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Host to bind. Default `127.0.0.1`. */
  host?: string;
  /**
   * Bodies larger than this are refused here with 413 `request_too_large` and the connection closed, before
   * the handler runs (it applies its own, smaller limit). Default 1 MiB.
   */
  maxBodyBytes?: number;
  /**
   * Names accepted in the `Host` header besides IP addresses and loopback names (`localhost`, `*.localhost`);
   * other names are refused with 403, so that a web page cannot reach the unauthenticated control API by
   * re-pointing its domain at this address (DNS rebinding). `['*']` accepts any. Default: `host` when it is a
   * name, nothing more.
   */
  allowedHosts?: readonly string[];
  /** Overrides of the time and connection limits, `LISTENER_LIMITS` of `@ivrkit/protocol`. */
  limits?: Partial<ListenerLimits>;
  /** Where a refused connection (malformed request, too slow, too many) is reported. Default: stderr. */
  log?: ListenerLog;
}

/**
 * `[sim]` The Node server's own body limit.
 *
 * @example
 * await serveNode(handler, { maxBodyBytes: NODE_MAX_BODY_BYTES * 4 });
 */
export const NODE_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A running server.
 *
 * @example
 * const server: NodeServer = await serveNode(sim.fetch);
 * await server.close();
 */
export interface NodeServer {
  server: Server;
  /** `http://host:port`. */
  url: string;
  port: number;
  /** Names accepted in `Host` (see {@link ServeOptions.allowedHosts}), for the WebSocket upgrades. */
  allowedHosts: readonly string[];
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
  const maxBodyBytes = options.maxBodyBytes ?? NODE_MAX_BODY_BYTES;
  const allowedHosts = options.allowedHosts ?? (hostNameOf(host) === host ? [host] : []);
  const server = createGuardedServer(
    (req, res) => {
      const refused = hostProblem(req.headers.host, allowedHosts);
      if (refused) {
        refuse(res, refused.status, refused.message);
        return;
      }
      void respond(handler, req, res, host, maxBodyBytes);
    },
    { name: 'simulator', limits: options.limits, log: options.log },
  );
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
    allowedHosts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Why a request's `Host` header is refused (400 when malformed, 403 when it names another server), or
 * `undefined` when it is accepted.
 *
 * @example
 * hostProblem('evil.example', []); // { status: 403, message: '…' }
 */
export function hostProblem(
  host: string | undefined,
  allowedHosts: readonly string[],
): { status: 400 | 403; message: string } | undefined {
  if (hostNameOf(host) === undefined)
    return { status: 400, message: 'the Host header is missing or malformed: expected host[:port]' };
  if (!isAllowedHost(host, allowedHosts))
    return {
      status: 403,
      message:
        'this host name is not allowed (a DNS-rebinding guard): use an IP address or localhost, or start the server with --host <name>',
    };
  return undefined;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', Connection: 'close' });
  res.end(JSON.stringify({ status: OUR_RESPONSE_STATUS.invalidRequest, message }));
}

/**
 * Converts a Node request (and its body, already read) to a Web `Request`.
 *
 * @example
 * const request = toRequest(req, '127.0.0.1');
 */
export function toRequest(req: IncomingMessage, host: string, body?: Uint8Array): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const url = `http://${req.headers.host ?? host}${req.url ?? '/'}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined && body.byteLength > 0 && method !== 'GET' && method !== 'HEAD') {
    init.body = body as Uint8Array<ArrayBuffer>;
  }
  return new Request(url, init);
}

/** Reads a body up to `maxBytes`; `undefined` when it is larger (the rest is left unread). */
function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

async function respond(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  host: string,
  maxBodyBytes: number,
): Promise<void> {
  try {
    const declared = Number(req.headers['content-length'] ?? 0);
    const body = declared > maxBodyBytes ? undefined : await readNodeBody(req, maxBodyBytes);
    if (body === undefined) {
      res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(
        JSON.stringify({
          reference_id: '',
          status: OUR_RESPONSE_STATUS.requestTooLarge,
          message: `the body is larger than ${maxBodyBytes} bytes`,
        }),
      );
      res.once('finish', () => req.destroy());
      return;
    }
    let request: Request;
    try {
      request = toRequest(req, host, body);
    } catch {
      refuse(res, 400, 'the request line or headers are malformed');
      return;
    }
    const response = await handler(request);
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    res.writeHead(response.status, headers);
    if (response.body === null || req.method === 'HEAD') {
      res.end();
      return;
    }
    res.end(new Uint8Array(await response.arrayBuffer()));
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: OUR_RESPONSE_STATUS.internalError, message: String(error) }));
    } else res.destroy();
  }
}
