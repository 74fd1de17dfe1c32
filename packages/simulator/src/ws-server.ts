/**
 * Wires the `ws` library to the simulator's WebSocket port: upgrades on `PATHS.eventSocket` become
 * {@link SocketPort}s handed to `sim.acceptSocket`; other upgrades are refused with 404. A malformed upgrade or
 * WebSocket frame ends only its own connection.
 *
 * @module
 */
import type { Server } from 'node:http';
import { PATHS } from '@ivrkit/protocol';
import { guardSocket, guardUpgrades, type ListenerLog, refuseUpgrade } from '@ivrkit/protocol/node';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SocketPort } from './delivery/socket-hub.js';
import { toRequest } from './node-server.js';
import type { Simulator } from './simulator.js';

/**
 * A {@link SocketPort} over a `ws` connection: text messages in and out (a binary frame arrives as `''`, which
 * the simulator refuses as invalid JSON). A protocol error of the client's (a malformed frame) closes the socket
 * and is logged once; it never reaches the process.
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (ws) => sim.acceptSocket(wsSocketPort(ws), request));
 */
export function wsSocketPort(ws: WebSocket, log?: ListenerLog): SocketPort {
  guardSocket(ws, { name: 'simulator', log });
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    onMessage: (handler) => ws.on('message', (data, isBinary) => handler(isBinary ? '' : String(data))),
    onClose: (handler) => ws.on('close', handler),
  };
}

/**
 * Options of {@link attachWebSocket}.
 *
 * @example
 * attachWebSocket(sim, http.server, { allowedHosts: http.allowedHosts });
 */
export interface AttachOptions {
  /** Names accepted in `Host` besides IP addresses and loopback names; absent: any well-formed host. */
  allowedHosts?: readonly string[] | undefined;
  /** Where a refused upgrade or a socket's protocol error is reported. Default: stderr. */
  log?: ListenerLog | undefined;
}

/**
 * Attaches the event socket to a Node HTTP server. Returns a function that closes it.
 *
 * @example
 * const http = await serveNode(sim.fetch);
 * const closeSockets = attachWebSocket(sim, http.server, { allowedHosts: http.allowedHosts });
 */
export function attachWebSocket(
  sim: Pick<Simulator, 'acceptSocket' | 'offers'>,
  server: Server,
  options: AttachOptions = {},
): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  guardUpgrades(
    server,
    (req, socket, head) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== PATHS.eventSocket || !sim.offers.eventSocket) {
        refuseUpgrade(socket, '404 Not Found');
        return;
      }
      const request = toRequest(req, '127.0.0.1');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sim.acceptSocket(wsSocketPort(ws, options.log), request);
      });
    },
    { name: 'simulator', allowedHosts: options.allowedHosts, log: options.log },
  );
  return () =>
    new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    });
}
