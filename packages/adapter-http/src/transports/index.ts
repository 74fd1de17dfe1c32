export {
  createPollingTransport,
  type PollingTransport,
  type PollingTransportOptions,
} from './polling-transport.js';
export {
  createSocketTransport,
  type SocketTransport,
  type SocketTransportOptions,
} from './socket-transport.js';
