/**
 * `@ivrkit/simulator` — a local fake TeleSign Voice API: `/v2/voice`, phone numbers, recordings, the Call Query
 * API, event delivery by HTTP, WebSocket or polling, scripted callers, a virtual clock, and seeded faults. The
 * core is a Web-standard `fetch(Request) → Response` plus a WebSocket port; Node's `http` and the `ws` library
 * are wired in `node-server.ts` and `ws-server.ts`.
 *
 * @module
 */

export { type CalleeBehaviour, DEFAULT_RING_MS } from './callers/callee.js';
export type { Caller, CallerContext, CallerReaction, HeardPrompt } from './callers/caller.js';
export { DEFAULT_DIGIT_GAP_MS, DTMF_PAUSE_MS, SILENT_CALLER } from './callers/caller.js';
export {
  type CallerRule,
  type CallerScript,
  type CallerSpec,
  scriptedCaller,
} from './callers/scripted-caller.js';
export {
  type Clock,
  createRealClock,
  createVirtualClock,
  type RealClockOptions,
  type TimerHandle,
  type VirtualClock,
} from './clock/clock.js';
export type { RateLimit } from './context.js';
export { DEMO_CREDENTIALS, DEMO_NUMBER, IN_PROCESS_EVENT_URL } from './defaults.js';
export { type DeliveryOptions, REORDER_WINDOW_MS } from './delivery/event-delivery.js';
export type { SocketPort } from './delivery/socket-hub.js';

export type { DeliveryMode } from './engine/call.js';
export type { InboundCallOptions } from './engine/call-engine.js';
export type { CallInfo } from './engine/call-info.js';
export { MIN_SPEAK_MS, type PromptOptions, speechDurationMs } from './engine/prompt-timing.js';
export type { ActionSource, CallTranscript, TranscriptEntry, Violation } from './engine/transcript.js';
export { DEFAULT_DIAL_REFUSALS, type DialRefusal, type DialRefusals } from './engine/voice-service.js';
export type { FaultOptions, MsRange } from './faults.js';

export { createRandom, type Random } from './random.js';
export {
  createSimulator,
  type RunOptions,
  type RunResult,
  type Simulator,
  type SimulatorClock,
  type SimulatorOffer,
  type SimulatorOptions,
} from './simulator.js';
export type { PhoneNumberRecord } from './store/phone-numbers.js';
export type { RecordingRecord } from './store/recordings.js';
