/**
 * `@ivrkit/softphone` — the browser softphone of the simulator, and what a Node process needs to host it: the
 * built page ({@link buildSoftphone}), a static handler, the live feed's message types and the chart layout.
 *
 * @module
 */

export {
  type ChartLayout,
  type LayoutOptions,
  layoutChart,
  type PlacedNode,
  type RoutedEdge,
} from '../shared/chart-layout.js';
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
export { buildSoftphone, SOFTPHONE_DIST, SOFTPHONE_ROOT, softphoneIsStale } from './assets.js';
export { createStaticHandler } from './static-handler.js';
