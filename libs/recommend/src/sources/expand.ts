import { topN } from '../top-n.js';
import type { Neighbours } from './neighbours.js';

export interface Anchor {
  item: number;
  weight: number;
}

export interface Expanded {
  item: number;
  score: number;
  /** The anchor that contributed most. */
  anchor: number;
}

/** Sums anchor weight × similarity over anchors' neighbour lists; keeps the top n with their main anchor. */
export function expandNeighbours(
  anchors: readonly Anchor[],
  nb: Neighbours,
  n: number,
  skip?: Set<number>,
): Expanded[] {
  const score = new Map<number, number>();
  const best = new Map<number, { anchor: number; part: number }>();
  for (const { item, weight } of anchors) {
    for (let k = nb.offsets[item]!; k < nb.offsets[item + 1]!; k++) {
      const j = nb.indices[k]!;
      if (skip?.has(j)) continue;
      const part = weight * nb.scores[k]!;
      score.set(j, (score.get(j) ?? 0) + part);
      const had = best.get(j);
      if (!had || part > had.part) best.set(j, { anchor: item, part });
    }
  }
  const items = [...score.keys()];
  return topN(
    items.map((j) => score.get(j)!),
    n,
  ).map((t) => ({ item: items[t]!, score: score.get(items[t]!)!, anchor: best.get(items[t]!)!.anchor }));
}
