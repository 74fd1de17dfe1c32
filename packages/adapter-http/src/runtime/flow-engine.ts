/**
 * The port between the runtime and a call flow: a pure `step` (snapshot + input → next snapshot, actions, lookups,
 * deadline) and the flow's async lookups. `@ivrkit/machines` flows are adapted to it by `engineFromFlow`; tests
 * and other flow technologies can implement it directly.
 *
 * @module
 */
import type { VoiceAction, VoiceEvent } from '@ivrkit/protocol';

/**
 * What a flow is stepped with: a TeleSign event, a lookup's outcome, or its timer firing.
 *
 * @example
 * const input: FlowInput = { type: 'lookup.done', id: 'balance#1', output: '12.50' };
 */
export type FlowInput =
  | VoiceEvent
  | { type: 'lookup.done'; id: string; output: unknown }
  | { type: 'lookup.failed'; id: string; error: unknown }
  | { type: 'timer' };

/**
 * A lookup the flow asks the runtime to run (a database read, an HTTP call): `flow.lookups[name](input)`.
 *
 * @example
 * const request: LookupRequest = { id: 'balance#1', name: 'balance', input: { account: '12345678' } };
 */
export interface LookupRequest {
  id: string;
  name: string;
  input: unknown;
}

/**
 * The result of one step.
 *
 * @example
 * const { actions, lookups, nextDeadline }: StepOutput = engine.step(snapshot, event, { now: Date.now() });
 */
export interface StepOutput {
  /** The flow's state, plain JSON: stored as is. */
  snapshot: unknown;
  /** Actions to perform, in order. */
  actions: VoiceAction[];
  /** The flow reached its end. */
  done: boolean;
  /** Epoch ms at which to step the flow with `{ type: 'timer' }`, if it waits for time. */
  nextDeadline?: number | undefined;
  /** Lookups to run; each outcome is stepped back in as `lookup.done` / `lookup.failed`. */
  lookups: LookupRequest[];
  /** Ids of running lookups the flow no longer waits for: aborted. */
  cancelLookups?: string[] | undefined;
  /** Present when `done`: why the flow ended, and its data. */
  end?: { reason: string; data: Record<string, unknown> } | undefined;
}

/**
 * A flow as the runtime drives it.
 *
 * @example
 * const engine: FlowEngine = engineFromFlow(bankFlow);
 */
export interface FlowEngine {
  /** The flow's id (and version), for logs. */
  readonly id: string;
  /** Pure: computes the next snapshot and what to do. `snapshot` is `undefined` for a new call. */
  step(snapshot: unknown, input: FlowInput, options: { now: number }): StepOutput;
  /** Runs the named lookup. Rejections become `lookup.failed`. */
  lookup(name: string, input: unknown, options: { signal: AbortSignal }): Promise<unknown>;
  /** Called once when a call's flow ends. */
  onEnd?: ((end: NonNullable<StepOutput['end']>) => void | Promise<void>) | undefined;
}

/**
 * Whether an input is a TeleSign event (rather than a lookup outcome or a timer).
 *
 * @example
 * if (isVoiceEventInput(input)) console.log(input.reference_id);
 */
export function isVoiceEventInput(input: FlowInput): input is VoiceEvent {
  return 'event' in input;
}
