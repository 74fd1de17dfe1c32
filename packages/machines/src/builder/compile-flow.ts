/**
 * Compiles a menu flow's nodes into an XState machine.
 *
 * @module
 */
import type { AnyStateMachine } from 'xstate';
import type { MenuFlowSpec } from './flow-spec.js';

/**
 * Compiles `spec` to its statechart.
 *
 * @example
 * const machine = compileMenuFlow(spec);
 */
export function compileMenuFlow(_spec: MenuFlowSpec): AnyStateMachine {
  throw new Error('not implemented yet');
}
