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

export type * from './builder/choose-node.js';
export { compileMenuFlow } from './builder/compile-flow.js';
export { defineFlow } from './builder/define-flow.js';
export type { CheckedNodes, FlowSpecBase, MachineFlowSpec, MenuFlowSpec } from './builder/flow-spec.js';
export type { LanguageFn, LanguageSpec } from './builder/language.js';
export type { CallParties, MenuContext, NodeTries } from './builder/menu-context.js';
export * from './builder/node-builders.js';
export * from './builder/nodes.js';
export { assertReply } from './core/contract-guard.js';
export * from './core/effects.js';
export * from './core/events.js';
export type * from './core/flow.js';
export type * from './core/json.js';
export { type PlaceCallOptions, placeCall } from './core/outbound.js';
export { parseCallSnapshot, type RestoreOptions, restoreSnapshot } from './core/restore-snapshot.js';
export * from './core/snapshot.js';
export { stepFlow } from './core/step-flow.js';
export type * from './core/step-result.js';
export { toMermaid } from './core/to-mermaid.js';
export * from './errors/index.js';
export type * from './live/call-actor.js';
export * from './live/run-flow.js';
