/**
 * `node:http` wiring for a Web-standard handler: the only file of the runtime that knows Node's HTTP types.
 *
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BodyTooLargeError,
  type BufferedHandler,
  headerReader,
  type JsonAnswer,
  LIMITS,
  OUR_RESPONSE_STATUS,
} from '@ivrkit/protocol';
import { createGuardedServer, type ListenerLimits, type ListenerLog } from '@ivrkit/protocol/node';
import { bodyAlreadyRead } from '../frameworks/already-read.js';
import { pathOf } from './buffered-request.js';
import { createJsonLogger, type Logger, redacting } from './logger.js';

/**
 * A Web-standard handler.
 *
 * @example
 * const handler: FetchHandler = (request) => app.fetch(request);
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * What `toNodeListener` and `serve` take: a `VoiceApp` (or any {@link BufferedHandler}), served without Web
 * `Request` / `Response` objects, or any Web-standard fetch handler.
 *
 * @example
 * const servable: Servable = app; // or app.fetch, or (request) => hono.fetch(request)
 */
export type Servable = FetchHandler | BufferedHandler;

/**
 * Options of {@link toNodeListener}.
 *
 * @example
 * createServer(toNodeListener(app, { maxBodyBytes: 16 * 1024 })).listen(8080);
 */
export interface NodeListenerOptions {
  /** Largest body read into memory; a larger one is answered 413 here. Default `LIMITS.maxBodyBytes`. */
  maxBodyBytes?: number;
  /** Where a body read before the listener ran is logged. Default: the app's logger, else JSON lines on stderr. */
  logger?: Logger;
}

function loggerOf(handler: Servable): Logger | undefined {
  return typeof handler === 'function' ? undefined : (handler as { logger?: Logger }).logger;
}

/**
 * Adapts a handler to a `node:http` request listener. The body is read from Node's stream into one buffer within
 * `maxBodyBytes` (a larger upload is answered 413 at once, and the rest of it is drained so the client reads the
 * answer rather than a reset connection). A `VoiceApp` (a {@link BufferedHandler}) then gets that buffer as text
 * and its answer is written as is; a fetch handler gets a `Request` over the buffer and its `Response` is copied
 * out, which costs more per request.
 *
 * @example
 * createServer(toNodeListener(app)).listen(8080);
 */
export function toNodeListener(handler: Servable, options: NodeListenerOptions = {}): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.maxBodyBytes;
  const logger = redacting(options.logger ?? loggerOf(handler) ?? createJsonLogger());
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = incoming.method ?? 'GET';
    if (incoming.readableEnded) {
      // A body parser ran first: the stream will never emit again, so answer now rather than wait for it.
      writeAnswer(outgoing, bodyAlreadyRead('node', logger, pathOf(incoming.url ?? '/')));
      return;
    }
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const declared = Number(incoming.headers['content-length']);
    if (hasBody && Number.isFinite(declared) && declared > maxBodyBytes) {
      refuseTooLarge(incoming, outgoing, maxBodyBytes, declared);
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let refused = false;
    incoming.on('data', (chunk: Buffer) => {
      if (refused) return;
      total += chunk.byteLength;
      if (total > maxBodyBytes) {
        refused = true;
        refuseTooLarge(incoming, outgoing, maxBodyBytes, total);
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('error', () => outgoing.destroy());
    incoming.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      if (typeof handler !== 'function') {
        const request = {
          method,
          path: pathOf(incoming.url ?? '/'),
          headers: headerReader(incoming.headers),
          body: hasBody ? body.toString('utf8') : '',
        };
        handler.handle(request).then(
          (answer) => writeAnswer(outgoing, answer),
          () => writeAnswer(outgoing, { status: 500, body: null }),
        );
        return;
      }
      let request: Request;
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (Array.isArray(value)) for (const v of value) headers.append(name, v);
          else if (value !== undefined) headers.set(name, value);
        }
        const url = `http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`;
        request = new Request(url, { method, headers, ...(hasBody ? { body } : {}) });
      } catch {
        writeJson(outgoing, 400, {
          status: 'invalid_request',
          message: 'the request line or headers are malformed',
        });
        return;
      }
      handler(request)
        .then(async (response) => {
          outgoing.statusCode = response.status;
          response.headers.forEach((value, name) => {
            outgoing.setHeader(name, value);
          });
          outgoing.end(response.body ? await response.text() : undefined);
        })
        .catch(() => {
          if (!outgoing.headersSent) outgoing.statusCode = 500;
          outgoing.end();
        });
    });
  };
}

function refuseTooLarge(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  limit: number,
  seen: number,
): void {
  const message = new BodyTooLargeError(limit, seen).message;
  // Read and discard the rest, so the client gets the 413 instead of a connection reset mid-upload.
  incoming.resume();
  outgoing.setHeader('connection', 'close');
  writeJson(outgoing, 413, { status: OUR_RESPONSE_STATUS.requestTooLarge, message });
}

function writeAnswer(outgoing: ServerResponse, answer: JsonAnswer): void {
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

function writeJson(outgoing: ServerResponse, status: number, body: unknown): void {
  if (outgoing.headersSent) return;
  outgoing.statusCode = status;
  outgoing.setHeader('content-type', 'application/json');
  outgoing.end(JSON.stringify(body));
}

/**
 * A running server.
 *
 * @example
 * const server: RunningServer = await serve(app, { port: 8080 });
 * await server.close();
 */
export interface RunningServer {
  /** `http://host:port`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Options of {@link serve}.
 *
 * @example
 * await serve(app, { port: 8080, hostname: '0.0.0.0', limits: { maxConnections: 200 } });
 */
export interface ServeOptions extends NodeListenerOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  hostname?: string;
  /** Overrides of the time and connection limits, `LISTENER_LIMITS` of `@ivrkit/protocol`. */
  limits?: Partial<ListenerLimits>;
  /**
   * Where a refused connection (malformed request, too slow, too many) is reported. Default: `logger` (or the
   * app's) at `warn`, else stderr.
   */
  log?: ListenerLog;
}

/**
 * Serves a handler on `node:http`: a `VoiceApp` itself (fastest), or any fetch handler. Port 0 picks a free port.
 * The listener has the limits of `LISTENER_LIMITS` (override with `limits`), and a malformed or too slow request
 * closes only its own connection.
 *
 * @example
 * const server = await serve(app, { port: 8080 });
 * console.log(`events at ${server.url}`);
 */
export function serve(handler: Servable, options: ServeOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? loggerOf(handler);
  const server = createGuardedServer(
    toNodeListener(handler, {
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      ...(logger === undefined ? {} : { logger }),
    }),
    {
      name: 'adapter',
      limits: options.limits,
      log: options.log ?? (logger === undefined ? undefined : (line) => logger.warn(line)),
    },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.hostname ?? '127.0.0.1', () => {
      server.off('error', reject);
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
