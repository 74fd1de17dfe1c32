/**
 * `@ivrkit/softphone` — the browser softphone of the simulator, and what a Node process needs to host it: the
 * built page ({@link buildSoftphone}), a static handler, the live feed's message types and the chart layout.
 *
 * @module
 */

export * from '../shared/chart-layout.js';
export * from '../shared/live-protocol.js';
export { buildSoftphone, SOFTPHONE_DIST, SOFTPHONE_ROOT, softphoneIsStale } from './assets.js';
export { createStaticHandler } from './static-handler.js';
