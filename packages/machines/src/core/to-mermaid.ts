/**
 * Diagrams: a flow's statechart as Mermaid.
 *
 * @module
 */
import type { Flow } from './flow.js';

/**
 * Renders the flow's statechart as a Mermaid `stateDiagram-v2`.
 *
 * @example
 * console.log(toMermaid(bankFlow)); // paste into a ```mermaid block
 */
export function toMermaid(_flow: Flow): string {
  throw new Error('not implemented yet');
}
