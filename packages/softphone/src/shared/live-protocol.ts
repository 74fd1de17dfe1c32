/**
 * The live feed between the demo process and the softphone page — the one channel that tells the page what the
 * simulator and the adapter are doing. It is ours, not TeleSign's, and local-only.
 *
 * - One WebSocket at {@link LIVE_PATH} on the page's own origin. The server sends JSON {@link LiveMessage}s; the
 *   page sends nothing (it acts through the simulator's control API, `PATHS.simulatorControl`, over plain HTTP).
 * - On connect the server sends a {@link HelloMessage}: the flows with their charts, the numbers, and the recent
 *   calls with everything seen so far, so a page opened late (or reconnecting) catches up.
 * - Then, as they happen: `call` when a call appears or changes, `entries` with the transcript entries the
 *   simulator recorded (events, deliveries, actions, prompts heard, digits, hang-ups), `state` when the flow's
 *   state changes in the adapter, and `campaign` with campaign progress.
 *
 * The types are plain JSON and copy the simulator's transcript shapes loosely (`TranscriptEntryJson`), so the page
 * depends on no server package.
 *
 * @module
 */

/** Path of the live feed WebSocket on the demo's HTTP origin. */
export const LIVE_PATH = '/_demo/live';

/** Prefix of the demo's own HTTP API (flows, outbound calls, campaigns). */
export const DEMO_API_PATH = '/_demo';

/** A state of a flow's chart: one node per XState state node that is drawn. */
export interface ChartNode {
  /** Dotted state path without the machine id, e.g. `call.welcome` or `call.agent.dialing`. */
  id: string;
  /** The last path segment, shown as the node's name. */
  label: string;
  /** `atomic`, `compound`, `final`, … as XState says. */
  type: string;
}

/** A transition drawn between two chart nodes. */
export interface ChartEdge {
  from: string;
  to: string;
  /** The transition's description (`pressed 1`) or event name. */
  label: string;
}

/**
 * A flow's statechart as the page draws it: leaf states as nodes, transitions between them as edges. Transitions
 * leaving a compound state with many children (such as "caller hung up" from anywhere in the call) are listed in
 * `global` instead of drawn from every state.
 *
 * @example
 * const chart: Chart = { flowId: 'bank-phone-tree', version: 1, initial: 'idle', nodes: [], edges: [], global: [] };
 */
export interface Chart {
  flowId: string;
  version: number;
  /** Id of the node a call starts in. */
  initial: string;
  nodes: ChartNode[];
  edges: ChartEdge[];
  /** Transitions from a whole region: `{ from: 'call', to: 'ended', label: 'caller hung up' }`. */
  global: ChartEdge[];
}

/** A flow the demo serves. */
export interface FlowInfo {
  /** Short name (`bank`). */
  name: string;
  /** `inbound` flows answer calls to `number`; `outbound` flows place calls. */
  direction: 'inbound' | 'outbound';
  /** The number that reaches an inbound flow. */
  number?: string;
  chart: Chart;
}

/** A call as the simulator reports it (its Call Query API shape). */
export interface CallJson {
  reference_id: string;
  state: string;
  direction: 'inbound' | 'outbound';
  to: string;
  from: string;
  status: string;
  created_on_utc: string;
  answered_on_utc: string;
  ended_on_utc: string;
  external_id?: string;
}

/** One transcript entry of the simulator (`kind` first; see `TranscriptEntry` in `@ivrkit/simulator`). */
export interface TranscriptEntryJson {
  kind: string;
  /** Simulated epoch ms. */
  at: number;
  /** Ms since the call was created. */
  t: number;
  [field: string]: unknown;
}

/** A flow state change seen in the adapter. */
export interface StateChange {
  /** Dotted state path (a {@link ChartNode} id). */
  state: string;
  /** Simulated epoch ms. */
  at: number;
  /** The flow's name ({@link FlowInfo.name}). */
  flow: string;
}

/** Everything known about one call. */
export interface CallView {
  call: CallJson;
  entries: TranscriptEntryJson[];
  states: StateChange[];
  /** Simulated epoch ms the call was created. */
  created_at: number;
}

/** Progress of an outbound campaign. */
export interface CampaignProgress {
  id: string;
  flow: string;
  total: number;
  /** Calls placed so far. */
  placed: number;
  /** Calls ended, by outcome (`completed`, `busy`, `no_answer`, `failed`, `refused`, …). */
  outcomes: Record<string, number>;
  /** Calls in progress. */
  active: number;
  done: boolean;
  /** Set when the campaign stopped on an error. */
  error?: string;
}

/** First message after connecting. */
export interface HelloMessage {
  type: 'hello';
  flows: FlowInfo[];
  /** The softphone's own number (callers call from it; outbound calls reach it). */
  softphoneNumber: string;
  /** Whether the demo can start campaigns. */
  campaigns: boolean;
  calls: CallView[];
}

/** Every message of the live feed. */
export type LiveMessage =
  | HelloMessage
  | { type: 'call'; call: CallJson; created_at: number }
  | { type: 'entries'; reference_id: string; entries: TranscriptEntryJson[] }
  | ({ type: 'state'; reference_id: string } & StateChange)
  | { type: 'campaign'; progress: CampaignProgress };

/** Body of `POST /_demo/dial`: an outbound flow calls `to`. */
export interface DialRequest {
  flow: string;
  to: string;
}

/** A callee behaviour mix of a campaign, in percent (the rest answer silently). */
export interface CampaignMix {
  answered: number;
  busy: number;
  no_answer: number;
  failed: number;
}

/** Body of `POST /_demo/campaigns`. */
export interface CampaignRequest {
  flow: string;
  count: number;
  mix: CampaignMix;
  cps?: number;
  concurrency?: number;
}
