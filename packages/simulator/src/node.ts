/**
 * `@ivrkit/simulator/node` — the Node wiring: serve a simulator over real HTTP and WebSocket.
 *
 * @module
 */
import { PATHS } from '@ivrkit/protocol';
import { type NodeServer, type ServeOptions, serveNode } from './node-server.js';
import type { Simulator } from './simulator.js';
import { attachWebSocket } from './ws-server.js';

export { hostProblem, type NodeServer, type ServeOptions, serveNode } from './node-server.js';
export { type AttachOptions, attachWebSocket, wsSocketPort } from './ws-server.js';

/**
 * A simulator served over HTTP and WebSocket.
 *
 * @example
 * const served: ServedSimulator = await serveSimulator(sim);
 * const socket = new WebSocket(served.socketUrl, { headers });
 */
export interface ServedSimulator {
  /** `http://127.0.0.1:<port>`: TeleSign's base URL for your client. */
  url: string;
  /** The WebSocket event channel's URL. */
  socketUrl: string;
  port: number;
  http: NodeServer;
  /** Closes sockets, the simulator and the server. */
  close(): Promise<void>;
}

/**
 * Serves `sim` on Node's `http` with the WebSocket channel attached.
 *
 * @example
 * const sim = createSimulator({ clock: 'real', eventUrl: 'http://127.0.0.1:3000/events' });
 * const served = await serveSimulator(sim, { port: 0 });
 * const client = new MyTeleSignClient({ baseUrl: served.url, ...sim.credentials });
 * await served.close();
 */
export async function serveSimulator(sim: Simulator, options: ServeOptions = {}): Promise<ServedSimulator> {
  const http = await serveNode(sim.fetch, options);
  const closeSockets = attachWebSocket(sim, http.server, {
    allowedHosts: http.allowedHosts,
    log: options.log,
  });
  return {
    url: http.url,
    socketUrl: `${http.url.replace(/^http/, 'ws')}${PATHS.eventSocket}`,
    port: http.port,
    http,
    async close() {
      await closeSockets();
      await sim.close();
      await http.close();
    },
  };
}
