/**
 * Diagrams: a flow's statechart as Mermaid, so a flow reads as a picture in docs and reviews.
 *
 * @module
 */
import type { AnyStateNode } from 'xstate';
import type { Flow } from './flow.js';

/** A Mermaid-safe id for a state node: its path joined with `_`, other characters dropped. */
function idOf(node: AnyStateNode): string {
  const path = node.path.length ? node.path : ['root'];
  return path.map((p) => p.replace(/[^A-Za-z0-9_]/g, '_')).join('__');
}

/** A transition label: its description, else its event; never a character that ends a Mermaid line. */
function labelOf(eventType: string, description: string | undefined): string {
  return (description ?? (eventType || 'always')).replace(/[\n;:]/g, ' ').trim();
}

interface Edge {
  from: string;
  to: string;
  label: string;
}

function collectEdges(node: AnyStateNode, edges: Map<string, Edge>): void {
  const definitions = [...node.transitions.values()].flat().concat(node.always ?? []);
  for (const t of definitions) {
    const targets = t.target?.length ? t.target : [node];
    for (const target of targets) {
      const edge = { from: idOf(node), to: idOf(target), label: labelOf(t.eventType, t.description) };
      edges.set(`${edge.from}|${edge.to}|${edge.label}`, edge);
    }
  }
  for (const child of Object.values(node.states)) collectEdges(child, edges);
}

function declare(node: AnyStateNode, indent: string, lines: string[]): void {
  const children = Object.values(node.states);
  const id = idOf(node);
  lines.push(`${indent}state "${node.key}" as ${id}`);
  if (children.length === 0) return;
  lines.push(`${indent}state ${id} {`);
  const initial = node.initial?.target[0];
  if (initial) lines.push(`${indent}  [*] --> ${idOf(initial)}`);
  for (const child of children) {
    declare(child, `${indent}  `, lines);
    if (child.type === 'final') lines.push(`${indent}  ${idOf(child)} --> [*]`);
  }
  lines.push(`${indent}}`);
}

/**
 * Renders the flow's statechart as a Mermaid `stateDiagram-v2`: one state per node (transfers show their
 * `dialing` / `bridged` steps), one arrow per distinct transition labelled with its description (`pressed 1`,
 * `no input: re-prompt`) or its event. Re-prompts are self-loops.
 *
 * @example
 * console.log(toMermaid(bankFlow)); // paste into a ```mermaid block
 */
export function toMermaid(flow: Flow): string {
  const root = flow.machine.root as AnyStateNode;
  const lines = ['stateDiagram-v2', `  %% ${flow.id} v${flow.version}`];
  const initial = root.initial?.target[0];
  if (initial) lines.push(`  [*] --> ${idOf(initial)}`);
  for (const child of Object.values(root.states)) {
    declare(child, '  ', lines);
    if (child.type === 'final') lines.push(`  ${idOf(child)} --> [*]`);
  }
  const edges = new Map<string, Edge>();
  collectEdges(root, edges);
  for (const { from, to, label } of edges.values()) lines.push(`  ${from} --> ${to} : ${label}`);
  return `${lines.join('\n')}\n`;
}
