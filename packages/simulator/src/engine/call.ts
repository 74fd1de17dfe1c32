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

/** The person at the other end of a leg. */
export interface Party {
  role: 'caller' | 'callee';
  number: string;
  caller: Caller;
  heard: HeardPrompt[];
}

/** A prompt being played (and perhaps collecting digits). */
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

/** A dialled leg: an outbound call's callee is the call's party; a transfer's callee is a leg. */
export interface Leg {
  to: string;
  from: string;
  state: 'ringing' | 'bridged';
  party: Party;
  timers: Set<TimerHandle>;
}

/** What the call is doing now. */
export type Activity =
  | { kind: 'ringing' }
  | { kind: 'idle' }
  | { kind: 'prompt'; prompt: ActivePrompt }
  | { kind: 'transfer'; leg: Leg }
  | { kind: 'ended' };

/** How events reach the customer for this call. */
export type DeliveryMode = 'http' | 'websocket' | 'off';

/** One live or ended call. */
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

/** Whether the call is still up. */
export function isLive(call: SimCall): boolean {
  return call.endedAt === undefined;
}
