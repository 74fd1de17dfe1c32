/**
 * What every `node:http` server of the project does so that no bytes a client sends can stop the process: time
 * and connection limits ({@link LISTENER_LIMITS}), one log line and a closed connection for a malformed request or
 * a client that is too slow, upgrade handlers that cannot throw, and WebSockets whose protocol errors end only
 * that socket.
 *
 * @module
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { hostNameOf, isAllowedHost } from '../http/host-header.js';
import { LISTENER_LIMITS } from '../ours.js';

/**
 * Time and connection limits of a listener; see {@link LISTENER_LIMITS} for each one's meaning and default.
 *
 * @example
 * const limits: ListenerLimits = { ...LISTENER_LIMITS, headersTimeoutMs: 2_000 };
 */
export interface ListenerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/**
 * Where a listener reports a refused connection: one line, no stack, never a request body or header value.
 *
 * @example
 * const log: ListenerLog = (line) => logger.warn(line);
 */
export type ListenerLog = (line: string) => void;

/** By default a refused connection is reported on stderr through `console`, which ignores a closed pipe. */
const defaultLog: ListenerLog = (line) => console.error(line);

/** At most this many lines per {@link LOG_WINDOW_MS} reach a log; the rest are counted. */
const LOG_LINES_PER_WINDOW = 20;
const LOG_WINDOW_MS = 10_000;
const throttles = new WeakMap<ListenerLog, ListenerLog>();

/**
 * `log`, throttled: a flood of bad connections must not become a flood of log lines. The first
 * `LOG_LINES_PER_WINDOW` lines of every 10 s pass; the others are counted, and the count is logged as one line
 * before the next window's first. One throttle per log function, shared by every server that uses it.
 */
function throttled(log: ListenerLog): ListenerLog {
  const existing = throttles.get(log);
  if (existing) return existing;
  let windowStart = Number.NEGATIVE_INFINITY;
  let lines = 0;
  let suppressed = 0;
  const limited: ListenerLog = (line) => {
    const now = Date.now();
    if (now - windowStart >= LOG_WINDOW_MS) {
      if (suppressed > 0) log(`(${suppressed} more refused connections were not logged)`);
      windowStart = now;
      lines = 0;
      suppressed = 0;
    }
    if (lines < LOG_LINES_PER_WINDOW) {
      lines++;
      log(line);
    } else suppressed++;
  };
  throttles.set(log, limited);
  return limited;
}

/**
 * Options of {@link createGuardedServer}.
 *
 * @example
 * createGuardedServer(listener, { limits: { maxConnections: 100 }, log: (line) => logger.warn(line) });
 */
export interface ListenerGuardOptions {
  /** Overrides of {@link LISTENER_LIMITS}. */
  limits?: Partial<ListenerLimits> | undefined;
  /** Where refusals are reported. Default: stderr. */
  log?: ListenerLog | undefined;
  /** A name for the log lines (`simulator`, `adapter`, …). Default `server`. */
  name?: string | undefined;
}

/** The limits in force: {@link LISTENER_LIMITS} with `overrides` on top. */
export function listenerLimits(overrides: Partial<ListenerLimits> = {}): ListenerLimits {
  return { ...LISTENER_LIMITS, ...overrides };
}

const STATUS_OF_CLIENT_ERROR: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/**
 * Creates a `node:http` server for `listener` with the limits (Node checks its connections' timeouts often enough
 * for them to hold) and its client errors handled: a malformed request line or header, a request that takes
 * longer than the limits, or a socket error before a request is complete is answered (400, 408 or 431, when the
 * socket can still be written) and that connection closed, with one log line. Connections past
 * `maxConnections` are closed as they arrive.
 *
 * @example
 * const server = createGuardedServer(listener, { name: 'adapter', limits: { headersTimeoutMs: 5_000 } });
 * server.listen(8080);
 */
export function createGuardedServer(listener: RequestListener, options: ListenerGuardOptions = {}): Server {
  const limits = listenerLimits(options.limits);
  const log = throttled(options.log ?? defaultLog);
  const name = options.name ?? 'server';
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node enforces the two timeouts when it checks its connections (every 30 s by default).
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(30_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    listener,
  );
  server.maxConnections = limits.maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const code = error.code ?? 'ERR';
    // A client that went away is not worth a line.
    if (code !== 'ECONNRESET' && code !== 'EPIPE') log(`${name}: closed a connection: ${code}`);
    if (socket.writable && !socket.destroyed) {
      const status = STATUS_OF_CLIENT_ERROR[code] ?? '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy();
  });
  let lastDropLogged = Number.NEGATIVE_INFINITY;
  server.on('drop', () => {
    // One line per window for the whole episode, not one per dropped connection.
    if (Date.now() - lastDropLogged < LOG_WINDOW_MS) return;
    lastDropLogged = Date.now();
    log(`${name}: refusing connections: ${limits.maxConnections} already open`);
  });
  return server;
}

/**
 * Handles one upgrade request; may throw, which closes that socket with 400.
 *
 * @example
 * const handler: UpgradeHandler = (req, socket, head) => wss.handleUpgrade(req, socket, head, accept);
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Options of {@link guardUpgrades}.
 *
 * @example
 * guardUpgrades(server, handler, { allowedHosts: ['localhost'] });
 */
export interface UpgradeGuardOptions {
  /** Names accepted in `Host` besides IP addresses and loopback names; absent: any well-formed host. */
  allowedHosts?: readonly string[] | undefined;
  log?: ListenerLog | undefined;
  name?: string | undefined;
}

/**
 * Listens for upgrades on `server` with `handler`, so that no upgrade can throw out of the server: the socket
 * gets an error handler at once (a reset before the WebSocket is set up is only that socket's end), a malformed
 * `Host` is refused with 400 and a disallowed one with 403, and an exception in `handler` closes that socket with
 * 400 and one log line.
 *
 * @example
 * guardUpgrades(server, (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => accept(ws)));
 */
export function guardUpgrades(
  server: Server,
  handler: UpgradeHandler,
  options: UpgradeGuardOptions = {},
): void {
  const log = throttled(options.log ?? defaultLog);
  const name = options.name ?? 'server';
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const host = req.headers.host;
    if (hostNameOf(host) === undefined) {
      refuseUpgrade(socket, '400 Bad Request');
      return;
    }
    if (options.allowedHosts !== undefined && !isAllowedHost(host, options.allowedHosts)) {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    try {
      handler(req, socket, head);
    } catch (error) {
      log(`${name}: refused an upgrade: ${error instanceof Error ? error.name : 'error'}`);
      refuseUpgrade(socket, '400 Bad Request');
    }
  });
}

/**
 * Ends an upgrade request's socket with a bodiless HTTP answer (`404 Not Found`, …).
 *
 * @example
 * refuseUpgrade(socket, '404 Not Found');
 */
export function refuseUpgrade(socket: Duplex, status: string): void {
  if (socket.writable && !socket.destroyed)
    socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
}

/**
 * Something with `ws`'s `error` event: a WebSocket.
 *
 * @example
 * guardSocket(ws, 'simulator');
 */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const guarded = new WeakSet<ErrorEmitter>();

/**
 * Handles a WebSocket's errors (once per socket, however often it is called): a protocol error from the client (an unmasked frame, a bad opcode, bad UTF-8, an
 * oversized frame) is logged once and ends that socket only (the `ws` library closes it with the matching close
 * code); without a handler, the error would stop the process.
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (ws) => { guardSocket(ws, { name: 'demo' }); accept(ws); });
 */
export function guardSocket(
  ws: ErrorEmitter,
  options: { log?: ListenerLog | undefined; name?: string | undefined } = {},
): void {
  if (guarded.has(ws)) return;
  guarded.add(ws);
  const log = throttled(options.log ?? defaultLog);
  let logged = false;
  ws.on('error', (error) => {
    if (logged) return;
    logged = true;
    const code = (error as { code?: unknown }).code;
    log(`${options.name ?? 'server'}: closed a WebSocket: ${typeof code === 'string' ? code : error.name}`);
  });
}
