/**
 * Serves a simulator on real loopback sockets: HTTP through the adapter's own `toNodeListener` (so the adapter's
 * listener is exercised too), and the event socket through `ws`, with a hook to drop every socket at once.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PATHS } from '@ivrkit/protocol';
import type { Simulator } from '@ivrkit/simulator';
import { wsSocketPort } from '@ivrkit/simulator/node';
import { WebSocketServer } from 'ws';
import { toNodeListener } from '../../src/index.js';

export async function serveSimulator(sim: Simulator) {
  const server = createServer(toNodeListener(sim.fetch));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if ((req.url ?? '/').split('?')[0] !== PATHS.eventSocket) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const request = new Request(`http://${req.headers.host}${req.url}`, { headers });
    wss.handleUpgrade(req, socket, head, (ws) => sim.acceptSocket(wsSocketPort(ws), request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Drops every open event socket, as a network failure would. */
    dropSockets() {
      for (const client of wss.clients) client.terminate();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
