/**
 * `defineFlow`: the entry point of the builder.
 *
 * @module
 */
import type { AnyStateMachine } from 'xstate';
import type { Flow } from '../core/flow.js';
import { FlowDefinitionError } from '../errors/flow-definition-error.js';
import { compileMenuFlow } from './compile-flow.js';
import type { CheckedNodes, MachineFlowSpec, MenuFlowSpec } from './flow-spec.js';
import type { FlowNode } from './nodes.js';

/**
 * Defines a flow, from nodes (compiled to a statechart) or from a hand-written machine. With nodes, `start` and
 * every target must name a node of the flow: a typo is a type error (and a `FlowDefinitionError` for untyped
 * input).
 *
 * @example
 * const flow = defineFlow({
 *   id: 'front-desk', version: 1, direction: 'inbound', start: 'main',
 *   nodes: {
 *     main: menu({ prompt: 'For hours press 1, for the address press 2, for a person press 0.', options: { 1: 'hours', 2: 'address', 0: 'person' } }),
 *     hours: say({ prompt: 'We are open 9 to 5.', next: 'main' }),
 *     address: say({ prompt: 'We are at 1 Main Street.', next: 'main' }),
 *     person: transfer({ to: '15550009999', callerId: 'caller', onFailed: 'main' }),
 *   },
 * });
 */
export function defineFlow<const TNodes extends Readonly<Record<string, FlowNode>>>(
  spec: MenuFlowSpec<TNodes> & { nodes: NoInfer<CheckedNodes<TNodes>> },
): Flow;
/**
 * Wraps a hand-written machine (the low-level API) as a flow.
 *
 * @example
 * const flow = defineFlow({ id: 'raw', version: 1, direction: 'inbound', machine: myMachine });
 */
export function defineFlow<TMachine extends AnyStateMachine>(spec: MachineFlowSpec<TMachine>): Flow<TMachine>;
/**
 * The implementation of both overloads.
 *
 * @example
 * defineFlow(spec);
 */
export function defineFlow(spec: MenuFlowSpec | MachineFlowSpec): Flow {
  if (!spec.id) throw new FlowDefinitionError('flow.id: expected a non-empty string');
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new FlowDefinitionError(
      `flow "${spec.id}".version: expected a positive integer, got ${spec.version}`,
    );
  }
  const machine = 'machine' in spec ? spec.machine : compileMenuFlow(spec);
  return {
    id: spec.id,
    version: spec.version,
    direction: spec.direction,
    machine,
    lookups: { ...spec.lookups },
    ...(spec.migrate ? { migrate: spec.migrate } : {}),
    ...(spec.onEnd ? { onEnd: spec.onEnd } : {}),
  };
}
