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

/** Per-item scratch reused by every call (a request expands several lists); `stamp` marks this call's items. */
let score = new Float64Array(0);
let bestPart = new Float64Array(0);
let bestAnchor = new Int32Array(0);
let stamp = new Uint32Array(0);
let call = 0;

/** Sums anchor weight × similarity over anchors' neighbour lists; keeps the top n with their main anchor. */
export function expandNeighbours(
  anchors: readonly Anchor[],
  nb: Neighbours,
  n: number,
  skip?: Set<number>,
): Expanded[] {
  const size = nb.offsets.length - 1;
  if (stamp.length < size) {
    [score, bestPart] = [new Float64Array(size), new Float64Array(size)];
    [bestAnchor, stamp, call] = [new Int32Array(size), new Uint32Array(size), 0];
  }
  call = call === 0xffffffff ? (stamp.fill(0), 1) : call + 1;
  const touched: number[] = [];
  for (const { item, weight } of anchors) {
    for (let k = nb.offsets[item]!; k < nb.offsets[item + 1]!; k++) {
      const j = nb.indices[k]!;
      if (skip?.has(j)) continue;
      const part = weight * nb.scores[k]!;
      if (stamp[j] !== call) {
        stamp[j] = call;
        touched.push(j);
        score[j] = part;
        bestPart[j] = part;
        bestAnchor[j] = item;
        continue;
      }
      score[j] = score[j]! + part;
      if (part > bestPart[j]!) {
        bestPart[j] = part;
        bestAnchor[j] = item;
      }
    }
  }
  const sums = Float64Array.from(touched, (j) => score[j]!);
  return topN(sums, n).map((t) => ({ item: touched[t]!, score: sums[t]!, anchor: bestAnchor[touched[t]!]! }));
}
