/**
 * The demo's HTTP origin: one `node:http` server for a fetch handler plus WebSocket paths, each upgrade routed by
 * path. The simulator's `attachWebSocket` answers 404 to every upgrade path but its own, so two WebSocket services
 * cannot share its server; this file routes them instead, and wires the simulator's socket port the same way.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@ivrkit/adapter-http';
import { hostNameOf, isLoopbackAddress } from '@ivrkit/protocol';
import {
  createGuardedServer,
  guardSocket,
  guardUpgrades,
  type ListenerLimits,
  refuseUpgrade,
} from '@ivrkit/protocol/node';
import type { SocketPort } from '@ivrkit/simulator';
import { hostProblem, wsSocketPort } from '@ivrkit/simulator/node';
import { type WebSocket, WebSocketServer } from 'ws';

/** Handles an accepted WebSocket; `request` carries the upgrade's URL and headers. */
export type SocketHandler = (ws: WebSocket, request: Request) => void;

/** Options of {@link startHost}. */
export interface HostOptions {
  handler: (request: Request) => Promise<Response>;
  /** WebSocket paths and their handlers; other upgrades get 404. */
  sockets: Readonly<Record<string, SocketHandler>>;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * Names accepted in `Host` (and in a WebSocket's `Origin`) besides IP addresses and loopback names; others are
   * refused (DNS rebinding, cross-site pages). Default: `host` when it is a name.
   */
  allowedHosts?: readonly string[];
  /** Overrides of the time and connection limits, `LISTENER_LIMITS` of `@ivrkit/protocol`. */
  limits?: Partial<ListenerLimits>;
}

/** A running host. */
export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the server.
 *
 * @example
 * const host = await startHost({ handler: sim.fetch, sockets: { [PATHS.eventSocket]: simulatorSocket(sim) } });
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = options.allowedHosts ?? (hostNameOf(host) === host ? [host] : []);
  const listener = toNodeListener(options.handler);
  const server = createGuardedServer(
    (req, res) => {
      const refused = hostProblem(req.headers.host, allowedHosts);
      if (refused) {
        res.writeHead(refused.status, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ message: refused.message }));
        return;
      }
      listener(req, res);
    },
    { name: 'demo', limits: options.limits },
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  guardUpgrades(
    server,
    (req, socket, head) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const handle = options.sockets[path];
      if (handle === undefined) {
        refuseUpgrade(socket, '404 Not Found');
        return;
      }
      if (!sameOrLocalOrigin(req.headers.origin, req.headers.host)) {
        refuseUpgrade(socket, '403 Forbidden');
        return;
      }
      const request = upgradeRequest(req, host);
      wss.handleUpgrade(req, socket, head, (ws) => {
        guardSocket(ws, { name: 'demo' });
        handle(ws, request);
      });
    },
    { name: 'demo', allowedHosts },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The simulator's event socket as a {@link SocketHandler}: each connection becomes a `SocketPort` adopted by
 * `sim.acceptSocket` (which authenticates it from the upgrade's headers).
 *
 * @example
 * startHost({ handler, sockets: { [PATHS.eventSocket]: simulatorSocket(sim) } });
 */
export function simulatorSocket(sim: {
  acceptSocket(port: SocketPort, request: Request): boolean;
}): SocketHandler {
  return (ws, request) => {
    sim.acceptSocket(wsSocketPort(ws), request);
  };
}

/**
 * Whether a WebSocket's `Origin` may open the demo's sockets: absent (not a browser), the page's own origin, or a
 * page on loopback. A page of any other site is refused: `/_demo/live` streams every call.
 */
function sameOrLocalOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host === host?.toLowerCase() || isLoopbackAddress(url.hostname);
}

function upgradeRequest(req: IncomingMessage, host: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(`http://${req.headers.host ?? host}${req.url ?? '/'}`, { headers });
}
