/**
 * Wires the `ws` library to the simulator's WebSocket port: upgrades on `PATHS.eventSocket` become
 * {@link SocketPort}s handed to `sim.acceptSocket`; other upgrades are refused with 404.
 *
 * @module
 */
import type { Server } from 'node:http';
import { PATHS } from '@ivrkit/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SocketPort } from './delivery/socket-hub.js';
import { toRequest } from './node-server.js';
import type { Simulator } from './simulator.js';

/**
 * A {@link SocketPort} over a `ws` connection: text messages in and out (a binary frame arrives as `''`, which
 * the simulator refuses as invalid JSON).
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (ws) => sim.acceptSocket(wsSocketPort(ws), request));
 */
export function wsSocketPort(ws: WebSocket): SocketPort {
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    onMessage: (handler) => ws.on('message', (data, isBinary) => handler(isBinary ? '' : String(data))),
    onClose: (handler) => ws.on('close', handler),
  };
}

/**
 * Attaches the event socket to a Node HTTP server. Returns a function that closes it.
 *
 * @example
 * const http = await serveNode(sim.fetch);
 * const closeSockets = attachWebSocket(sim, http.server);
 */
export function attachWebSocket(
  sim: Pick<Simulator, 'acceptSocket' | 'offers'>,
  server: Server,
): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== PATHS.eventSocket || !sim.offers.eventSocket) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const request = toRequest(req, '127.0.0.1');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sim.acceptSocket(wsSocketPort(ws), request);
    });
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    });
}
