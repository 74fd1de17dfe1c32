/**
 * A flow definition that cannot work.
 *
 * @module
 */
import { MachinesError } from './machines-error.js';

/**
 * A flow definition is inconsistent (a target names no node, a transfer answers `dial_completed`, …). Thrown by
 * `defineFlow`, so a broken flow fails at start-up rather than during a call.
 *
 * @example
 * defineFlow({ ..., nodes: { main: menu({ prompt: 'Hi', options: { 1: 'nowhere' } }) } }); // throws FlowDefinitionError
 */
export class FlowDefinitionError extends MachinesError {
  override name = 'FlowDefinitionError' as const;
}
