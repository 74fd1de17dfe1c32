/**
 * `@ivrkit/machines` — IVR call flows as pure XState v5 machines for TeleSign's Voice API.
 *
 * - {@link defineFlow} builds a {@link Flow} from menu nodes (`menu`, `ask`, `say`, `lookup`, `transfer`,
 *   `hangup`) or wraps a hand-written machine that uses the `ivr.*` effects ({@link flowEffects}, {@link reply}).
 * - {@link stepFlow} is the pure step a webhook server or a Lambda runs: snapshot + event → snapshot + actions.
 * - {@link runFlow} runs the same flow as a live actor with an injected clock and an optional inspector.
 * - {@link restoreSnapshot} reads a persisted snapshot back (id, version, migration); {@link toMermaid} draws it.
 *
 * Example flows are at `@ivrkit/machines/examples`.
 *
 * @module
 */

export type { ChooseBranch, ChooseNode, Condition } from './builder/choose-node.js';

export { defineFlow } from './builder/define-flow.js';
export type { CheckedNodes, FlowSpecBase, MachineFlowSpec, MenuFlowSpec } from './builder/flow-spec.js';
export type { LanguageFn, LanguageSpec } from './builder/language.js';
export type { CallParties, MenuContext, NodeTries } from './builder/menu-context.js';
export { ask, choose, hangup, lookup, menu, say, sendDtmf, transfer } from './builder/node-builders.js';
export type {
  AskNode,
  CallerIdRule,
  CollectRules,
  CollectTimings,
  FlowNode,
  HangupNode,
  LookupNode,
  MenuNode,
  PromptSpec,
  RetryRule,
  SayNode,
  SendDtmfNode,
  Target,
  TextFn,
  TransferNode,
} from './builder/nodes.js';
export { assertReply } from './core/contract-guard.js';
export {
  type ArmParams,
  armTimer,
  type Computed,
  cancelLookup,
  disarmTimer,
  EFFECT,
  type EffectArgs,
  flowEffects,
  type LookupRequest,
  reply,
  startLookup,
} from './core/effects.js';
export {
  type FlowEvent,
  isVoiceEvent,
  type LookupDoneEvent,
  type LookupDoneInput,
  type LookupFailedEvent,
  type LookupFailedInput,
  type RuntimeInput,
  type StepInput,
  type TimeoutEvent,
  type TimerInput,
  toMachineEvent,
  type VoiceMachineEvent,
} from './core/events.js';
export type { CallDirection, CallEnd, EndReason, Flow, LookupFn, SnapshotMigration } from './core/flow.js';
export type { FlowData, JsonValue } from './core/json.js';
export { type PlaceCallOptions, placeCall } from './core/outbound.js';
export { parseCallSnapshot, type RestoreOptions, restoreSnapshot } from './core/restore-snapshot.js';
export { CALL_SNAPSHOT_FORMAT, type CallSnapshot, type PersistedMachineState } from './core/snapshot.js';
export { stepFlow } from './core/step-flow.js';
export type { StepOptions, StepResult } from './core/step-result.js';
export { toMermaid } from './core/to-mermaid.js';
export {
  ContractViolationError,
  FlowDefinitionError,
  FlowVersionMismatchError,
  InvalidSnapshotError,
  isContractViolationError,
  MachinesError,
  UnsupportedInFlowError,
} from './errors/index.js';
export type { CallActor, RunFlowOptions, RunnerClock } from './live/call-actor.js';
export { createCallActor, runFlow } from './live/run-flow.js';
