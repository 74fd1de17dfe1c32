/**
 * What `defineFlow` accepts: a menu flow (nodes) or a hand-written machine.
 *
 * @module
 */
import type { AnyStateMachine } from 'xstate';
import type { CallDirection, CallEnd, LookupFn, SnapshotMigration } from '../core/flow.js';
import type { FlowData } from '../core/json.js';
import type { LanguageSpec } from './language.js';
import type { CallerIdRule, FlowNode, PromptSpec } from './nodes.js';

/**
 * Fields every flow definition has.
 *
 * @example
 * const base: FlowSpecBase = { id: 'survey', version: 3, direction: 'outbound' };
 */
export interface FlowSpecBase {
  /** Stable id, stored in snapshots. */
  id: string;
  /** A positive integer, stored in snapshots; bump it when old snapshots must not be stepped. */
  version: number;
  direction: CallDirection;
  /** Async implementations by name. */
  lookups?: Record<string, LookupFn>;
  /** Upgrades snapshots of other versions. */
  migrate?: SnapshotMigration;
  /** Cleanup hook, run by runtimes when the call's flow ends. */
  onEnd?: (end: CallEnd) => void | Promise<void>;
}

/**
 * A flow built from nodes (the 90% case).
 *
 * @example
 * const spec: MenuFlowSpec = { id: 'demo', version: 1, direction: 'inbound', start: 'bye', nodes: { bye: hangup({ prompt: 'Bye.' }) } };
 */
export interface MenuFlowSpec<
  TNodes extends Readonly<Record<string, FlowNode>> = Readonly<Record<string, FlowNode>>,
> extends FlowSpecBase {
  /** The first node. For an outbound flow it answers `dial_completed`, so it cannot be a transfer. */
  start: NoInfer<keyof TNodes & string>;
  nodes: TNodes;
  /**
   * Default TTS language of the flow's prompts: a code from `TTS_LANGUAGES` (checked when the flow is defined),
   * or a function choosing one per call from the data and the call's parties (checked when a prompt is built).
   * Default `DEFAULT_TTS_LANGUAGE` (`en-US`).
   */
  language?: LanguageSpec;
  /** Language codes your account has beyond TeleSign's documented list (`TTS_LANGUAGES`). */
  extraLanguages?: readonly string[];
  /** Initial data. */
  data?: FlowData;
  /** Default caller-id rule of transfers. Default `'ours'`. */
  callerId?: CallerIdRule;
  /**
   * The call's cap in seconds (default and maximum 14400). An outbound call passes it to TeleSign on `dial`, and
   * TeleSign ends the call. TeleSign never learns an inbound flow's cap: the flow ends the call itself when it
   * passes — it speaks {@link MenuFlowSpec.maxCallDurationPrompt} if set, then sends `hangup` — and ends with
   * `max_duration`. A prompt playing (or collecting digits) at the cap is let end first; during a lookup the
   * closing prompt is sent at once; a call transferred to another party (dialling or bridged) is hung up at once.
   */
  maxCallDurationSeconds?: number;
  /** Inbound flows: what the caller hears when the flow's own cap ends the call. Default: nothing. */
  maxCallDurationPrompt?: PromptSpec;
}

/**
 * `nodes` as `defineFlow` accepts them: every target names a node of the same flow (a type error otherwise).
 *
 * @example
 * const nodes: CheckedNodes<{ a: SayNode<'b'>; b: HangupNode }> = { a: say({ prompt: 'Hi', next: 'b' }), b: hangup() };
 */
export type CheckedNodes<TNodes> = { readonly [K in keyof TNodes]: FlowNode<keyof TNodes & string> };

/**
 * A flow around a hand-written machine (the low-level API): its events are `FlowEvent`s, its effects the `ivr.*`
 * actions of `flowEffects`; it ends by reaching a top-level final state whose output is a `CallEnd`.
 *
 * @example
 * const flow = defineFlow({ id: 'raw', version: 1, direction: 'inbound', machine: myMachine });
 */
export interface MachineFlowSpec<TMachine extends AnyStateMachine = AnyStateMachine> extends FlowSpecBase {
  machine: TMachine;
}
