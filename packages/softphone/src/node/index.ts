/**
 * `@ivrkit/softphone` — the browser softphone of the simulator, and what a Node process needs to host it: the
 * built page ({@link buildSoftphone}), a static handler, the live feed's message types and the chart layout.
 *
 * @module
 */

export {
  type CallJson,
  type CallView,
  type CampaignMix,
  type CampaignProgress,
  type CampaignRequest,
  type Chart,
  type ChartEdge,
  type ChartNode,
  DEMO_API_PATH,
  type DialRequest,
  type FlowInfo,
  type HelloMessage,
  LIVE_PATH,
  type LiveMessage,
  type StateChange,
  type TranscriptEntryJson,
} from '../shared/live-protocol.js';
export { buildSoftphone } from './assets.js';
export { createStaticHandler } from './static-handler.js';
