/**
 * `chartOf`: a flow's statechart as the softphone draws it ({@link Chart}), read from the XState machine's state
 * nodes — the same source `toMermaid` reads, kept as data so the page can lay it out and highlight states.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { Chart, ChartEdge, ChartNode } from '@ivrkit/softphone';

/** The parts of an XState state node read here. */
interface StateNodeLike {
  key: string;
  path: string[];
  type: string;
  states: Record<string, StateNodeLike>;
  initial?: { target: readonly StateNodeLike[] } | undefined;
  transitions: Map<string, ReadonlyArray<TransitionLike>>;
  always?: ReadonlyArray<TransitionLike> | undefined;
}

interface TransitionLike {
  eventType: string;
  description?: string | undefined;
  target?: readonly StateNodeLike[] | undefined;
}

/** A compound state with more leaves than this has its own transitions listed as global, not drawn. */
const GLOBAL_REGION_LEAVES = 4;

/**
 * The chart of a flow: leaf states as nodes (a transfer's `dialing` / `bridged` included), transitions between
 * them as edges (targets that are compound states resolve to their initial leaf), and the transitions of large
 * regions ("caller hung up" from anywhere in the call) as `global`.
 *
 * @example
 * const chart = chartOf(bankFlow);
 * chart.nodes.map((n) => n.id); // ['idle', 'call.welcome', …, 'ended']
 */
export function chartOf(flow: Flow): Chart {
  const root = flow.machine.root as unknown as StateNodeLike;
  const nodes: ChartNode[] = [];
  const edges: ChartEdge[] = [];
  const global: ChartEdge[] = [];
  const visit = (node: StateNodeLike): void => {
    const children = Object.values(node.states);
    const isRoot = node.path.length === 0;
    if (!isRoot && children.length === 0)
      nodes.push({ id: idOf(node), label: labelOf(node), type: node.type });
    if (!isRoot) {
      const large = leafCount(node) > GLOBAL_REGION_LEAVES;
      for (const transition of transitionsOf(node)) {
        const label = transition.description ?? (transition.eventType || 'always');
        for (const target of transition.target ?? []) {
          const edge = { from: idOf(node), to: idOf(initialLeaf(target)), label };
          if (large) global.push(edge);
          else if (children.length === 0) edges.push(edge);
          else for (const leaf of leavesOf(node)) edges.push({ ...edge, from: idOf(leaf) });
        }
      }
    }
    for (const child of children) visit(child);
  };
  visit(root);
  return { flowId: flow.id, version: flow.version, initial: idOf(initialLeaf(root)), nodes, edges, global };
}

/**
 * The dotted chart id of a machine state value: `{ call: { agent: 'dialing' } }` → `call.agent.dialing`.
 *
 * @example
 * stateIdOf({ call: 'welcome' }); // 'call.welcome'
 */
export function stateIdOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const [key, inner] = Object.entries(value)[0] ?? [];
    if (key === undefined) return '';
    const rest = stateIdOf(inner);
    return rest ? `${key}.${rest}` : key;
  }
  return '';
}

/** A leaf's name; a step of a small compound state (a transfer's `dialing`) carries its parent's: `agent › dialing`. */
function labelOf(node: StateNodeLike): string {
  return node.path.length >= 3 ? node.path.slice(-2).join(' › ') : node.key;
}

function idOf(node: StateNodeLike): string {
  return node.path.join('.');
}

function transitionsOf(node: StateNodeLike): TransitionLike[] {
  return [...node.transitions.values()].flat().concat(node.always ?? []);
}

function initialLeaf(node: StateNodeLike): StateNodeLike {
  let current = node;
  for (;;) {
    const next = current.initial?.target[0];
    if (next === undefined || Object.keys(current.states).length === 0) return current;
    current = next;
  }
}

function leavesOf(node: StateNodeLike): StateNodeLike[] {
  const children = Object.values(node.states);
  return children.length === 0 ? [node] : children.flatMap(leavesOf);
}

function leafCount(node: StateNodeLike): number {
  return leavesOf(node).length;
}
