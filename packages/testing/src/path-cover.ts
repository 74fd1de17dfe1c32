/**
 * The fewest explored paths that take every transition some path can take: a greedy set cover, shared by
 * coverage and by generated path tests.
 *
 * @module
 */
import type { ExploreEvent } from './explore.js';

/**
 * Greedy set cover over the paths of `edges` (explored edges, or anything with a `path`): keeps taking the path that adds the most transitions not yet taken (the
 * shorter on a tie) until none adds any. Order of the answer: the order they were picked.
 *
 * @example
 * const chosen = coverPaths(exploreFlow(bankFlow).edges);
 */
export function coverPaths<T extends { path: readonly ExploreEvent[] }>(edges: readonly T[]): T[] {
  const candidates = edges.map((edge) => ({
    edge,
    covers: new Set(edge.path.flatMap((e) => e.transitions ?? [])),
  }));
  const planned = new Set<string>();
  const chosen: T[] = [];
  for (;;) {
    let best: (typeof candidates)[number] | undefined;
    let bestGain = 0;
    for (const candidate of candidates) {
      let gain = 0;
      for (const t of candidate.covers) if (!planned.has(t)) gain++;
      if (
        gain > bestGain ||
        (gain === bestGain && gain > 0 && best && candidate.edge.path.length < best.edge.path.length)
      ) {
        best = candidate;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.push(best.edge);
    for (const t of best.covers) planned.add(t);
  }
  return chosen;
}
