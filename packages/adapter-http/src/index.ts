/**
 * `@ivrkit/adapter-http` — run `@ivrkit/machines` flows against TeleSign's `/v2/voice`: a REST client, a webhook
 * runtime (HTTP, WebSocket, polling), persistence behind a small `Store`, and outbound campaigns.
 *
 * @module
 */

export * from './campaign/index.js';
export * from './client/index.js';
export * from './clock.js';
export * from './errors/index.js';
export { createKeyedQueue, type KeyedQueue } from './keyed-queue.js';
export * from './runtime/index.js';
export * from './store/index.js';
export * from './transports/index.js';
