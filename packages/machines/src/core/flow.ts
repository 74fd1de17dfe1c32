/**
 * The `Flow` object: a versioned XState machine plus the async implementations it names.
 *
 * @module
 */
import type { AnyStateMachine } from 'xstate';
import type { CallSnapshot } from './snapshot.js';

/**
 * An async implementation a flow names (a balance query, a CRM write). It gets the JSON input the flow computed
 * and an `AbortSignal` that fires when the flow stops waiting (timeout, hang-up).
 *
 * @example
 * const balance: LookupFn = async (input, { signal }) => (await bank.balance(input, { signal })).amount;
 */
export type LookupFn = (input: unknown, options: { signal: AbortSignal }) => Promise<unknown>;

/**
 * Which calls a flow handles: inbound calls start on `incoming_call`, outbound calls on `dial_completed`.
 *
 * @example
 * const direction: CallDirection = 'outbound';
 */
export type CallDirection = 'inbound' | 'outbound';

/**
 * Why a call's flow ended.
 * - `caller_hung_up`: `call_completed` arrived before the flow hung up;
 * - `hung_up`: the flow hung up and `call_completed` arrived (or did not, within the closing grace);
 * - `not_answered`: an outbound call's `dial_completed` was not `answered`;
 * - `max_duration`: the call outlived its cap (plus a grace) without a `call_completed`;
 * - `unexpected_event`: the first event was not one this flow starts on;
 * - `flow_failed`: the flow threw (a bug in its code) and the runtime ended the call politely
 *   (`FLOW_FAILURE` in `@ivrkit/protocol`); `data.error` says what was thrown.
 *
 * @example
 * if (result.end?.reason === 'caller_hung_up') metrics.abandoned++;
 */
export type EndReason =
  | 'caller_hung_up'
  | 'hung_up'
  | 'not_answered'
  | 'max_duration'
  | 'unexpected_event'
  | 'flow_failed';

/**
 * What a flow reports when it ends (the machine's output), given to `flow.onEnd`.
 *
 * @example
 * const end: CallEnd = { reason: 'hung_up', data: { account: '12345678' } };
 */
export interface CallEnd {
  reason: EndReason;
  /** The flow's data at the end. */
  data: Record<string, unknown>;
}

/**
 * Rewrites a snapshot written by another version of the flow into one this version can step, or throws.
 *
 * @example
 * const migrate: SnapshotMigration = (s) => (s.flowVersion === 1 ? { ...s, flowVersion: 2 } : undefined);
 */
export type SnapshotMigration = (snapshot: CallSnapshot) => CallSnapshot | undefined;

/**
 * A call flow: what {@link stepFlow}, {@link runFlow}, {@link toMermaid} and runtimes work with.
 *
 * @example
 * const flow = defineFlow({ id: 'hello', version: 1, direction: 'inbound', start: 'hi', nodes: { hi: hangup({ prompt: 'Hello!' }) } });
 * flow.machine; // the XState machine
 */
export interface Flow<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Stable id; stored in every snapshot. */
  readonly id: string;
  /** Bumped on any change that makes old snapshots unsafe to step; stored in every snapshot. */
  readonly version: number;
  /** Which calls it handles. */
  readonly direction: CallDirection;
  /** The XState machine. Its events are `FlowEvent`s; its effects are the `ivr.*` actions. */
  readonly machine: TMachine;
  /** Async implementations by name, run by the runtime when the flow asks (`StepResult.lookups`). */
  readonly lookups: Readonly<Record<string, LookupFn>>;
  /** Upgrades snapshots of other versions; without it they are refused with `FlowVersionMismatchError`. */
  readonly migrate?: SnapshotMigration;
  /** Cleanup hook, called by runtimes once when the call's flow ends (hang-up included). */
  readonly onEnd?: (end: CallEnd) => void | Promise<void>;
}
