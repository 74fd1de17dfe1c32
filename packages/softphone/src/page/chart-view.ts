/**
 * Draws a flow's statechart as SVG (layout: `chart-layout.ts`) and highlights a call's path through it: the
 * current state, the states visited, and the transition just taken.
 *
 * @module
 */
import { type ChartLayout, layoutChart } from '../shared/chart-layout.js';
import type { Chart, StateChange } from '../shared/live-protocol.js';
import { svg } from './dom.js';

/** A drawn chart. */
export class ChartView {
  private chart: Chart | undefined;
  private layout: ChartLayout | undefined;
  private readonly nodes = new Map<string, SVGGElement>();
  private readonly edges = new Map<string, SVGGElement>();

  constructor(
    private readonly container: HTMLElement,
    private readonly footnote: HTMLElement,
  ) {}

  /** Draws `chart` (no-op when it is already drawn). */
  show(chart: Chart | undefined): void {
    if (chart === this.chart) return;
    this.chart = chart;
    this.container.replaceChildren();
    this.nodes.clear();
    this.edges.clear();
    this.footnote.textContent = '';
    if (!chart) return;
    const layout = layoutChart(chart);
    this.layout = layout;
    const root = svg('svg', {
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      style: `max-width: ${layout.width}px`,
      role: 'img',
      'aria-label': `statechart of ${chart.flowId}`,
    });
    root.append(
      svg(
        'defs',
        {},
        svg(
          'marker',
          {
            id: 'arrow',
            viewBox: '0 0 10 10',
            refX: 9,
            refY: 5,
            markerWidth: 7,
            markerHeight: 7,
            orient: 'auto-start-reverse',
          },
          svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }),
        ),
        svg(
          'marker',
          {
            id: 'arrow-hot',
            viewBox: '0 0 10 10',
            refX: 9,
            refY: 5,
            markerWidth: 7,
            markerHeight: 7,
            orient: 'auto-start-reverse',
          },
          svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead hot' }),
        ),
      ),
    );
    const edgeLayer = svg('g', { class: 'edges' });
    for (const edge of layout.edges) {
      const title = svg('title', {}, `${edge.from} → ${edge.to}: ${edge.label}`);
      const group = svg(
        'g',
        { class: `edge${edge.back ? ' back' : ''}`, 'data-from': edge.from, 'data-to': edge.to },
        title,
        svg('path', { d: edge.d, 'marker-end': 'url(#arrow)' }),
        svg(
          'text',
          { x: edge.labelX, y: edge.labelY - 3, 'text-anchor': 'middle', class: 'edge-label' },
          shorten(edge.label),
        ),
      );
      this.edges.set(`${edge.from}|${edge.to}`, group);
      edgeLayer.append(group);
    }
    const nodeLayer = svg('g', { class: 'nodes' });
    for (const node of layout.nodes) {
      const group = svg(
        'g',
        { class: `node ${node.type}`, 'data-state': node.id, transform: `translate(${node.x},${node.y})` },
        svg('title', {}, node.id),
        svg('rect', {
          width: node.width,
          height: node.height,
          rx: node.type === 'final' ? node.height / 2 : 8,
        }),
        svg('text', { x: node.width / 2, y: node.height / 2 + 4, 'text-anchor': 'middle' }, node.label),
      );
      this.nodes.set(node.id, group);
      nodeLayer.append(group);
    }
    root.append(edgeLayer, nodeLayer);
    this.container.append(root);
    if (chart.global.length > 0) {
      const seen = new Set<string>();
      const lines = chart.global
        .map((edge) => `${edge.label} → ${edge.to}`)
        .filter((line) => !seen.has(line) && seen.add(line));
      this.footnote.textContent = `From any state of the call: ${lines.join(' · ')}`;
    }
  }

  /** Highlights a call's states (the last one is current); an empty list clears the highlight. */
  highlight(states: readonly StateChange[]): void {
    const visited = new Set(states.map((change) => change.state));
    const current = states.at(-1)?.state;
    for (const [id, group] of this.nodes) {
      group.classList.toggle('visited', visited.has(id));
      group.classList.toggle('current', id === current);
    }
    const taken = new Set<string>();
    for (let i = 1; i < states.length; i++) taken.add(`${states[i - 1]?.state}|${states[i]?.state}`);
    const last = states.length >= 2 ? `${states.at(-2)?.state}|${current}` : undefined;
    for (const [key, group] of this.edges) {
      group.classList.toggle('taken', taken.has(key));
      group.classList.toggle('hot', key === last);
      group.classList.toggle('out', current !== undefined && key.startsWith(`${current}|`));
      group
        .querySelector('path')
        ?.setAttribute('marker-end', key === last ? 'url(#arrow-hot)' : 'url(#arrow)');
    }
    if (current) this.nodes.get(current)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }

  /** The laid-out chart shown now. */
  get shown(): ChartLayout | undefined {
    return this.layout;
  }
}

function shorten(label: string): string {
  return label.length > 28 ? `${label.slice(0, 26)}…` : label;
}
