/**
 * The state of one simulated call, as the engine keeps it. Read it through `sim.calls()` / the Call Query API,
 * which answer plain snapshots.
 *
 * @module
 */
import type { CallCompletedStatus, EventName, PromptAction, VoiceEvent } from '@ivrkit/protocol';
import type { Caller, HeardPrompt } from '../callers/caller.js';
import type { TimerHandle } from '../clock/clock.js';
import type { FaultOptions } from '../faults.js';
import type { Random } from '../random.js';
import type { TranscriptEntry, Violation } from './transcript.js';

/**
 * The person at the other end of a leg.
 *
 * @example
 * const party: Party = { role: 'caller', number: '15558675309', caller: {}, heard: [] };
 */
export interface Party {
  role: 'caller' | 'callee';
  number: string;
  caller: Caller;
  heard: HeardPrompt[];
}

/**
 * A prompt being played (and perhaps collecting digits).
 *
 * @example
 * if (call.activity.kind === 'prompt') console.log(call.activity.prompt.digits);
 */
export interface ActivePrompt {
  action: PromptAction;
  startedAt: number;
  durationMs: number;
  failed: boolean;
  collect: { max: number; timeout: number; interDigit: number } | undefined;
  digits: string;
  playing: boolean;
  endTimer: TimerHandle | undefined;
  waitTimer: TimerHandle | undefined;
}

/**
 * A dialled leg: an outbound call's callee is the call's party; a transfer's callee is a leg.
 *
 * @example
 * if (call.leg?.state === 'bridged') console.log(`bridged to ${call.leg.to}`);
 */
export interface Leg {
  to: string;
  from: string;
  state: 'ringing' | 'bridged';
  party: Party;
  timers: Set<TimerHandle>;
}

/**
 * What the call is doing now.
 *
 * @example
 * const busy = (activity: Activity) => activity.kind === 'prompt' || activity.kind === 'transfer';
 */
export type Activity =
  | { kind: 'ringing' }
  | { kind: 'idle' }
  | { kind: 'prompt'; prompt: ActivePrompt }
  | { kind: 'transfer'; leg: Leg }
  | { kind: 'ended' };

/**
 * How events reach the customer for this call.
 *
 * @example
 * createSimulator({ delivery: 'off' }); // the customer polls the Call Query API
 */
export type DeliveryMode = 'http' | 'websocket' | 'off';

/**
 * One live or ended call.
 *
 * @example
 * const call: SimCall | undefined = engine.calls.get(referenceId);
 */
export interface SimCall {
  referenceId: string;
  externalId: string | undefined;
  direction: 'inbound' | 'outbound';
  /** As `call_completed` carries them: inbound `to` is our number; outbound `from` is the caller id. */
  to: string;
  from: string;
  /** Our number on this call (prompt events carry it as `from`). */
  ourNumber: string;
  /** The person on the call: the inbound caller, or the outbound callee. */
  party: Party;
  createdAt: number;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  status: CallCompletedStatus | undefined;
  activity: Activity;
  /** A bridged transfer leg, while up. */
  leg: Leg | undefined;
  /** The event whose answer may carry the next action, if any. */
  awaiting: { event: EventName; sequence: number } | undefined;
  /** Every timer of this call, cancelled together when it ends. */
  timers: Set<TimerHandle>;
  maxDurationMs: number;
  eventUrl: string | undefined;
  deliveryMode: DeliveryMode;
  faults: FaultOptions;
  random: Random;
  recording: boolean;
  transcript: TranscriptEntry[];
  feed: Array<{ sequence: number; event: VoiceEvent }>;
  violations: Violation[];
  /** Owned by the event delivery: the per-call queue. */
  delivery: unknown;
}

/**
 * Whether the call is still up.
 *
 * @example
 * const live = [...engine.calls.values()].filter(isLive);
 */
export function isLive(call: SimCall): boolean {
  return call.endedAt === undefined;
}
