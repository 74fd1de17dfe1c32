/**
 * The live runner: a flow as a running XState actor in this process, performing its own effects.
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import type { Actor, AnyStateMachine, InspectionEvent, Observer } from 'xstate';
import type { CallEnd, Flow } from '../core/flow.js';

/**
 * The clock the runner uses for its timers: XState's `SimulatedClock` fits, and so does a real clock a Node
 * program builds from `Date.now`/`setTimeout` (this package never touches real timers itself).
 *
 * @example
 * const clock: RunnerClock = new SimulatedClock();
 */
export interface RunnerClock {
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Options of {@link runFlow}.
 *
 * @example
 * const options: RunFlowOptions = { clock, onAction: (a) => sent.push(a) };
 */
export interface RunFlowOptions {
  /** Drives the flow's timers (lookup timeouts, the call cap). */
  clock: RunnerClock;
  /** Receives each voice action the flow sends, already checked against the contract. */
  onAction: (action: VoiceAction) => void;
  /** An XState inspection observer, e.g. `createBrowserInspector().inspect` from `@statelyai/inspect`. */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Called with a contract violation or a lookup that has no implementation; default: rethrow. */
  onError?: (error: Error) => void;
}

/**
 * A running call.
 *
 * @example
 * const call = runFlow(flow, { clock, onAction });
 * call.send(incomingCall);
 * const end = await call.done;
 */
export interface CallActor<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Delivers a TeleSign event. */
  send(event: VoiceEvent): void;
  /** The underlying XState actor (subscribe, inspect, `getSnapshot()`). */
  readonly actor: Actor<TMachine>;
  /** Resolves when the flow ends, after `flow.onEnd` has run. */
  readonly done: Promise<CallEnd>;
  /** Stops the actor, its timers and its lookups. */
  stop(): void;
}

/**
 * Runs `flow` as a live actor: lookups run in-process (with abort on timeout or hang-up), timers on `clock`.
 *
 * @example
 * const clock = new SimulatedClock();
 * const call = runFlow(bankFlow, { clock, onAction: (a) => console.log(a) });
 * call.send({ event: 'incoming_call', reference_id: 'r1', data: { to: '15550001111', from: '15552223333' } });
 */
export function runFlow<TMachine extends AnyStateMachine>(
  _flow: Flow<TMachine>,
  _options: RunFlowOptions,
): CallActor<TMachine> {
  throw new Error('not implemented yet');
}

/**
 * Another name for {@link runFlow}.
 *
 * @example
 * const call = createCallActor(flow, { clock, onAction });
 */
export const createCallActor = runFlow;
