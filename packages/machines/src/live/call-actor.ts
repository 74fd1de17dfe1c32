/**
 * The live runner's types: its clock, its options, and the running call it returns.
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';
import type { Actor, AnyStateMachine, InspectionEvent, Observer } from 'xstate';
import type { CallEnd } from '../core/flow.js';
import type { CallSnapshot } from '../core/snapshot.js';

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
  /**
   * Resume a call persisted by {@link stepFlow} (or by `getCallSnapshot`): its timers are re-armed at their
   * deadlines (fired at once when already past), and lookups it was waiting for are failed with
   * `interrupted`, since their promises did not survive.
   */
  snapshot?: CallSnapshot;
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
  /**
   * Resolves when the flow ends, after `flow.onEnd` has run; rejects (and stops the call) when the flow breaks
   * the contract (`ContractViolationError`) or throws.
   */
  readonly done: Promise<CallEnd>;
  /** The call as a {@link CallSnapshot}, so that a pure-step runtime can take over. */
  getCallSnapshot(): CallSnapshot;
  /** Stops the actor, its timers and its lookups. */
  stop(): void;
}
