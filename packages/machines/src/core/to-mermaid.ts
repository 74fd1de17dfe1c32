/**
 * Diagrams: a flow's statechart as Mermaid, so a flow reads as a picture in docs and reviews.
 *
 * @module
 */
import type { AnyStateNode } from 'xstate';
import type { Flow } from './flow.js';

/** A Mermaid-safe id for a state node: its path joined with `__`, other characters replaced by `_`. */
function idOf(node: AnyStateNode): string {
  return node.path.map((p) => p.replace(/[^A-Za-z0-9_]/g, '_')).join('__');
}

/**
 * A transition label: its description, else its event; never a character that ends a Mermaid line or that Mermaid
 * reads as markup (`#` starts an entity code, so a pressed `#` reads "pound").
 */
function labelOf(eventType: string, description: string | undefined): string {
  return (description ?? (eventType || 'always'))
    .replace(/#/g, 'pound')
    .replace(/[\n;:{}<>"`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Edge {
  from: string;
  to: string;
  label: string;
}

/**
 * The states a transition of `node` is drawn from: the node itself, except for the machine's root, which has no
 * box of its own: a transition defined on the root applies in every top-level state that is not final.
 */
function sourcesOf(node: AnyStateNode): AnyStateNode[] {
  if (node.parent) return [node];
  return (Object.values(node.states) as AnyStateNode[]).filter((s) => s.type !== 'final');
}

function collectEdges(node: AnyStateNode, edges: Map<string, Edge>): void {
  const definitions = [...node.transitions.values()].flat().concat(node.always ?? []);
  for (const t of definitions) {
    // A targetless transition of the root only runs actions wherever the machine is: no arrow to draw.
    if (!node.parent && !t.target?.length) continue;
    for (const source of sourcesOf(node)) {
      const targets = t.target?.length ? t.target : [source];
      for (const target of targets) {
        if (!node.parent && target === source) continue;
        const edge = { from: idOf(source), to: idOf(target), label: labelOf(t.eventType, t.description) };
        edges.set(`${edge.from}|${edge.to}|${edge.label}`, edge);
      }
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
 * `no input: re-prompt`) or its event. Re-prompts are self-loops. A transition defined on the machine's root (a
 * hand-written machine's `on: { call_completed: … }`) is drawn from every top-level state it can leave.
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
