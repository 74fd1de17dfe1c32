/**
 * What a flow's machine receives: TeleSign events and runtime inputs, each stamped with the time it is handled.
 *
 * @module
 */
import type { EventName, EventOf, VoiceEvent } from '@ivrkit/protocol';

/**
 * A lookup (async work started by the flow) finished: feed its output back with the id the flow gave it.
 *
 * @example
 * const done: LookupDoneInput = { type: 'lookup.done', id: 'balance#1', output: { balance: '12.00' } };
 */
export interface LookupDoneInput {
  type: 'lookup.done';
  id: string;
  output: unknown;
}

/**
 * A lookup failed (threw, rejected or was aborted).
 *
 * @example
 * const failed: LookupFailedInput = { type: 'lookup.failed', id: 'balance#1', error: new Error('down') };
 */
export interface LookupFailedInput {
  type: 'lookup.failed';
  id: string;
  error: unknown;
}

/**
 * The deadline a previous step asked for (`StepResult.nextDeadline`) has passed.
 *
 * @example
 * const tick: TimerInput = { type: 'timer' };
 */
export interface TimerInput {
  type: 'timer';
}

/**
 * Inputs that come from the runtime rather than from TeleSign.
 *
 * @example
 * const inputs: RuntimeInput[] = [{ type: 'timer' }, { type: 'lookup.done', id: 'balance#1', output: '1.00' }];
 */
export type RuntimeInput = LookupDoneInput | LookupFailedInput | TimerInput;

/**
 * What a runtime feeds to {@link stepFlow}: a TeleSign event, or a runtime input.
 *
 * @example
 * const input: StepInput = { event: 'incoming_call', reference_id: 'r1', data: { to: '15550001111', from: '15552223333' } };
 */
export type StepInput = VoiceEvent | RuntimeInput;

/**
 * A TeleSign event as a machine event: `type` is the event's name, `event` the wire event, `now` epoch ms.
 *
 * @example
 * const e: VoiceMachineEvent = { type: 'speak_completed', now: 0, event: speakCompleted };
 */
export type VoiceMachineEvent = {
  [E in EventName]: { type: E; now: number; event: EventOf<E> };
}[EventName];

/**
 * A lookup's result as a machine event.
 *
 * @example
 * const e: LookupDoneEvent = { type: 'lookup.done', id: 'balance#1', output: 12, now: 0 };
 */
export interface LookupDoneEvent extends LookupDoneInput {
  now: number;
}

/**
 * A lookup's failure as a machine event; `error` is reduced to a message so the snapshot stays JSON.
 *
 * @example
 * const e: LookupFailedEvent = { type: 'lookup.failed', id: 'balance#1', error: 'timeout', now: 0 };
 */
export interface LookupFailedEvent {
  type: 'lookup.failed';
  id: string;
  error: string;
  now: number;
}

/**
 * A timer the flow armed (with the `ivr.arm` effect) has fired.
 *
 * @example
 * const e: TimeoutEvent = { type: 'ivr.timeout', id: 'lookup', now: 5_000 };
 */
export interface TimeoutEvent {
  type: 'ivr.timeout';
  id: string;
  now: number;
}

/**
 * Every event a flow machine receives.
 *
 * @example
 * const isVoice = (e: FlowEvent): e is VoiceMachineEvent => 'event' in e;
 */
export type FlowEvent = VoiceMachineEvent | LookupDoneEvent | LookupFailedEvent | TimeoutEvent;

/**
 * Whether a step input is a TeleSign event (rather than a runtime input).
 *
 * @example
 * isVoiceEvent({ type: 'timer' }); // false
 */
export function isVoiceEvent(input: StepInput): input is VoiceEvent {
  return 'event' in input && typeof input.event === 'string';
}

/**
 * Wraps a TeleSign event as the machine event a flow receives.
 *
 * @example
 * actor.send(toMachineEvent(incomingCall, clock.now()));
 */
export function toMachineEvent(event: VoiceEvent, now: number): VoiceMachineEvent {
  return { type: event.event, now, event } as VoiceMachineEvent;
}

/**
 * Reduces a thrown value to a message, for a `lookup.failed` event.
 *
 * @example
 * errorMessage(new Error('down')); // 'down'
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : String(error);
}
