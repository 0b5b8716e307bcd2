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

/**
 * Per-item scratch reused by every call (a request expands several lists), one item's fields side
 * by side so a touch is one cache line: [call stamp, summed score, best part, best anchor].
 */
const FIELDS = 4;
let slots = new Float64Array(0);
let call = 0;

/** Sums anchor weight × similarity over anchors' neighbour lists; keeps the top n with their main anchor. */
export function expandNeighbours(
  anchors: readonly Anchor[],
  nb: Neighbours,
  n: number,
  skip?: Set<number>,
): Expanded[] {
  const size = nb.offsets.length - 1;
  if (slots.length < size * FIELDS) slots = new Float64Array(size * FIELDS);
  call++;
  const touched: number[] = [];
  for (const { item, weight } of anchors) {
    for (let k = nb.offsets[item]!; k < nb.offsets[item + 1]!; k++) {
      const j = nb.indices[k]!;
      if (skip?.has(j)) continue;
      const part = weight * nb.scores[k]!;
      const at = j * FIELDS;
      if (slots[at] !== call) {
        slots[at] = call;
        touched.push(j);
        slots[at + 1] = part;
        slots[at + 2] = part;
        slots[at + 3] = item;
        continue;
      }
      slots[at + 1] = slots[at + 1]! + part;
      if (part > slots[at + 2]!) {
        slots[at + 2] = part;
        slots[at + 3] = item;
      }
    }
  }
  const sums = Float64Array.from(touched, (j) => slots[j * FIELDS + 1]!);
  return topN(sums, n).map((t) => ({ item: touched[t]!, score: sums[t]!, anchor: slots[touched[t]! * FIELDS + 3]! }));
}
