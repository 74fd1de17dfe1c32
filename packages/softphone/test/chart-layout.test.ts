import { describe, expect, it } from 'vitest';
import { layoutChart } from '../src/shared/chart-layout.js';
import type { Chart } from '../src/shared/live-protocol.js';

const chart: Chart = {
  flowId: 'menu',
  version: 1,
  initial: 'idle',
  nodes: [
    { id: 'idle', label: 'idle', type: 'atomic' },
    { id: 'call.menu', label: 'menu', type: 'atomic' },
    { id: 'call.a', label: 'a', type: 'atomic' },
    { id: 'call.b', label: 'b', type: 'atomic' },
    { id: 'call.c', label: 'c', type: 'atomic' },
    { id: 'call.d', label: 'd', type: 'atomic' },
    { id: 'call.e', label: 'e', type: 'atomic' },
    { id: 'ended', label: 'ended', type: 'final' },
  ],
  edges: [
    { from: 'idle', to: 'call.menu', label: 'incoming call' },
    { from: 'idle', to: 'ended', label: 'hung up before start' },
    ...['a', 'b', 'c', 'd', 'e'].map((key) => ({
      from: 'call.menu',
      to: `call.${key}`,
      label: `pressed ${key}`,
    })),
    { from: 'call.a', to: 'call.menu', label: 'back' },
    { from: 'call.menu', to: 'call.menu', label: 'no input: re-prompt' },
    { from: 'call.e', to: 'ended', label: 'goodbye' },
    { from: 'call.e', to: 'ended', label: 'timeout' },
  ],
  global: [{ from: 'call', to: 'ended', label: 'caller hung up' }],
};

describe('layoutChart', () => {
  const layout = layoutChart(chart, { maxPerRow: 3 });
  const node = (id: string) => layout.nodes.find((n) => n.id === id);

  it('places every node once, the initial one on top and final states at the bottom', () => {
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(chart.nodes.map((n) => n.id).sort());
    expect(node('idle')?.rank).toBe(0);
    const maxRank = Math.max(...layout.nodes.map((n) => n.rank));
    expect(node('ended')?.rank).toBe(maxRank);
    expect(node('call.menu')?.y).toBeGreaterThan(node('idle')?.y ?? 0);
  });

  it('folds a wide rank over several rows and keeps nodes of a row apart', () => {
    const rows = new Map<number, typeof layout.nodes>();
    for (const n of layout.nodes) rows.set(n.y, [...(rows.get(n.y) ?? []), n]);
    for (const row of rows.values()) {
      expect(row.length).toBeLessThanOrEqual(3);
      const sorted = [...row].sort((a, b) => a.x - b.x);
      for (let i = 1; i < sorted.length; i++) {
        const left = sorted[i - 1];
        expect(left && left.x + left.width).toBeLessThanOrEqual(sorted[i]?.x ?? 0);
      }
    }
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('draws one edge per pair of states (labels merged), no self-loops, and marks loops back', () => {
    const toEnded = layout.edges.filter((e) => e.from === 'call.e' && e.to === 'ended');
    expect(toEnded).toHaveLength(1);
    expect(toEnded[0]?.label).toBe('goodbye, timeout');
    expect(layout.edges.some((e) => e.from === e.to)).toBe(false);
    expect(layout.edges.find((e) => e.from === 'call.a' && e.to === 'call.menu')?.back).toBe(true);
    expect(layout.edges.find((e) => e.from === 'idle' && e.to === 'call.menu')?.back).toBe(false);
    for (const edge of layout.edges) expect(edge.d).toMatch(/^M[\d.-]+,[\d.-]+ C/);
  });

  it('is deterministic', () => {
    expect(layoutChart(chart, { maxPerRow: 3 })).toEqual(layout);
  });
});
