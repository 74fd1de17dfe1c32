/**
 * A small layered layout for flow charts (no dependency): states in rows by their distance from the initial state,
 * ordered within a row to keep edges short (barycentre sweeps), final states in the last row. Pure and
 * deterministic, so it is unit-tested in Node and drawn by the page as SVG.
 *
 * @module
 */
import type { Chart } from './live-protocol.js';

/** A placed node: top-left corner and size, in SVG user units. */
export interface PlacedNode {
  id: string;
  label: string;
  type: string;
  rank: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A routed edge: an SVG path and where its label sits. */
export interface RoutedEdge {
  from: string;
  to: string;
  /** Labels of every transition between the two nodes, joined with `, `. */
  label: string;
  /** SVG path data. */
  d: string;
  labelX: number;
  labelY: number;
  /** Whether it goes back up (a loop in the flow). */
  back: boolean;
}

/** The laid-out chart. */
export interface ChartLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: RoutedEdge[];
}

/** Spacing of {@link layoutChart}. */
export interface LayoutOptions {
  nodeHeight?: number;
  /** Width per character of a label, plus padding. */
  charWidth?: number;
  padding?: number;
  columnGap?: number;
  rowGap?: number;
  /** A rank with more states than this is folded over several rows, to keep the chart narrow. Default 4. */
  maxPerRow?: number;
}

/**
 * Lays a chart out top to bottom.
 *
 * @example
 * const layout = layoutChart(chart);
 * layout.nodes.find((n) => n.id === 'idle')?.rank; // 0
 */
export function layoutChart(chart: Chart, options: LayoutOptions = {}): ChartLayout {
  const nodeHeight = options.nodeHeight ?? 30;
  const charWidth = options.charWidth ?? 7.2;
  const padding = options.padding ?? 20;
  const columnGap = options.columnGap ?? 22;
  const rowGap = options.rowGap ?? 46;
  // Back edges bulge out sideways: leave them room.
  const side = padding + 70;

  const ids = chart.nodes.map((node) => node.id);
  const known = new Set(ids);
  const pairs = mergeEdges(chart, known);
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  const into = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of pairs.values()) {
    out.get(edge.from)?.push(edge.to);
    into.get(edge.to)?.push(edge.from);
  }

  const rank = rankNodes(chart, ids, out);
  const maxPerRow = Math.max(1, options.maxPerRow ?? 4);
  const rows = orderRows(ids, rank, out, into).flatMap((row) => {
    const chunks: string[][] = [];
    const count = Math.ceil(row.length / maxPerRow);
    const size = Math.ceil(row.length / count);
    for (let i = 0; i < row.length; i += size) chunks.push(row.slice(i, i + size));
    return chunks;
  });

  const widthOf = (label: string) => Math.max(64, Math.round(label.length * charWidth + 24));
  const labels = new Map(chart.nodes.map((node) => [node.id, node]));
  const rowWidths = rows.map(
    (row) =>
      row.reduce((sum, id) => sum + widthOf(labels.get(id)?.label ?? id), 0) + columnGap * (row.length - 1),
  );
  const contentWidth = Math.max(0, ...rowWidths);
  const placed = new Map<string, PlacedNode>();
  rows.forEach((row, index) => {
    let x = side + (contentWidth - (rowWidths[index] ?? 0)) / 2;
    const y = padding + index * (nodeHeight + rowGap);
    for (const id of row) {
      const node = labels.get(id);
      const width = widthOf(node?.label ?? id);
      placed.set(id, {
        id,
        label: node?.label ?? id,
        type: node?.type ?? 'atomic',
        rank: index,
        x,
        y,
        width,
        height: nodeHeight,
      });
      x += width + columnGap;
    }
  });

  const edges: RoutedEdge[] = [];
  for (const edge of pairs.values()) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (from && to) edges.push(route(from, to, edge.label, contentWidth + side * 2));
  }
  return {
    width: Math.ceil(contentWidth + side * 2),
    height: Math.ceil(padding * 2 + rows.length * nodeHeight + Math.max(0, rows.length - 1) * rowGap),
    nodes: [...placed.values()],
    edges,
  };
}

function mergeEdges(
  chart: Chart,
  known: Set<string>,
): Map<string, { from: string; to: string; label: string }> {
  const pairs = new Map<string, { from: string; to: string; label: string }>();
  for (const edge of chart.edges) {
    if (edge.from === edge.to || !known.has(edge.from) || !known.has(edge.to)) continue;
    const key = `${edge.from}\u0000${edge.to}`;
    const seen = pairs.get(key);
    if (!seen) pairs.set(key, { ...edge });
    else if (!seen.label.split(', ').includes(edge.label)) seen.label += `, ${edge.label}`;
  }
  return pairs;
}

/** Breadth-first distance from the initial node; final states go below everything else. */
function rankNodes(chart: Chart, ids: string[], out: Map<string, string[]>): Map<string, number> {
  const rank = new Map<string, number>();
  const finals = new Set(chart.nodes.filter((node) => node.type === 'final').map((node) => node.id));
  const start = ids.includes(chart.initial) ? chart.initial : ids[0];
  if (start !== undefined) {
    rank.set(start, 0);
    const queue = [start];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      for (const next of out.get(id) ?? []) {
        if (rank.has(next) || finals.has(next)) continue;
        rank.set(next, (rank.get(id) ?? 0) + 1);
        queue.push(next);
      }
    }
  }
  let deepest = Math.max(0, ...rank.values());
  for (const id of ids) if (!rank.has(id) && !finals.has(id)) rank.set(id, ++deepest);
  for (const id of finals) rank.set(id, deepest + 1);
  return rank;
}

/** Rows in rank order, each sorted by the mean position of its neighbours (a few sweeps down and up). */
function orderRows(
  ids: string[],
  rank: Map<string, number>,
  out: Map<string, string[]>,
  into: Map<string, string[]>,
): string[][] {
  const count = Math.max(0, ...rank.values()) + 1;
  const rows: string[][] = Array.from({ length: count }, () => []);
  for (const id of ids) rows[rank.get(id) ?? 0]?.push(id);
  const position = new Map<string, number>();
  const index = () => {
    for (const row of rows) {
      for (const [i, id] of row.entries()) position.set(id, i / Math.max(1, row.length - 1));
    }
  };
  index();
  const sortBy = (row: string[], neighbours: Map<string, string[]>, adjacent: number) => {
    const centre = (id: string) => {
      const near = (neighbours.get(id) ?? []).filter((n) => rank.get(n) === adjacent);
      if (near.length === 0) return position.get(id) ?? 0;
      return near.reduce((sum, n) => sum + (position.get(n) ?? 0), 0) / near.length;
    };
    const keyed = row.map((id, i) => ({ id, key: centre(id), i }));
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    row.splice(0, row.length, ...keyed.map((k) => k.id));
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let r = 1; r < rows.length; r++) {
      sortBy(rows[r] as string[], into, r - 1);
      index();
    }
    for (let r = rows.length - 2; r >= 0; r--) {
      sortBy(rows[r] as string[], out, r + 1);
      index();
    }
  }
  return rows.filter((row) => row.length > 0);
}

function route(from: PlacedNode, to: PlacedNode, label: string, totalWidth: number): RoutedEdge {
  const fx = from.x + from.width / 2;
  const tx = to.x + to.width / 2;
  if (to.rank > from.rank) {
    const sy = from.y + from.height;
    const ty = to.y;
    const bend = (ty - sy) / 2;
    return {
      from: from.id,
      to: to.id,
      label,
      d: `M${r(fx)},${r(sy)} C${r(fx)},${r(sy + bend)} ${r(tx)},${r(ty - bend)} ${r(tx)},${r(ty)}`,
      labelX: r((fx + tx) / 2),
      labelY: r((sy + ty) / 2),
      back: false,
    };
  }
  // Back (or sideways) edges leave and enter on the side facing the nearer border, bulging outwards.
  const leftSide = (fx + tx) / 2 < totalWidth / 2;
  const sx = leftSide ? from.x : from.x + from.width;
  const ex = leftSide ? to.x : to.x + to.width;
  const sy = from.y + from.height / 2;
  const ey = to.y + to.height / 2;
  const bulge = 30 + 12 * Math.abs(from.rank - to.rank);
  const cx = leftSide ? Math.min(sx, ex) - bulge : Math.max(sx, ex) + bulge;
  return {
    from: from.id,
    to: to.id,
    label,
    d: `M${r(sx)},${r(sy)} C${r(cx)},${r(sy)} ${r(cx)},${r(ey)} ${r(ex)},${r(ey)}`,
    labelX: r(cx),
    labelY: r((sy + ey) / 2),
    back: true,
  };
}

function r(value: number): number {
  return Math.round(value * 10) / 10;
}
