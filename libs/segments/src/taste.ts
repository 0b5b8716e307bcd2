import { l2Normalize } from '@demand/ml';
import { DEFAULT_KIND_WEIGHTS, decayWeight, type KindWeights } from './decay.js';
import type { ItemLookup, UserEvent } from './types.js';

/**
 * The user's taste: the decayed, kind-weighted mean of the vectors of the items they interacted with,
 * unit-normalised. Undefined when no interacted item has a vector.
 */
export function tasteVectorOf(
  events: readonly UserEvent[],
  items: ItemLookup,
  asOf: number,
  halfLifeDays: number,
  kindWeights: KindWeights = DEFAULT_KIND_WEIGHTS,
): Float32Array | undefined {
  const taste = new TasteTally();
  for (const e of events) {
    if (e.at > asOf || !e.itemId) continue;
    const kindWeight = kindWeights[e.kind] ?? 0;
    if (kindWeight <= 0) continue;
    const vector = items(e.itemId)?.vector;
    if (vector) taste.add(vector, kindWeight * decayWeight(e.at, asOf, halfLifeDays));
  }
  return taste.vector();
}

/** `tasteVectorOf` one weighted item vector at a time; the first vector sets the width, others are skipped. */
export class TasteTally {
  private sum: Float64Array | undefined;

  add(vector: ArrayLike<number>, weight: number): void {
    const sum = (this.sum ??= new Float64Array(vector.length));
    if (vector.length !== sum.length) return;
    for (let d = 0; d < sum.length; d++) sum[d] = sum[d]! + weight * vector[d]!;
  }

  vector(): Float32Array | undefined {
    const { sum } = this;
    if (!sum || sum.every((x) => x === 0)) return undefined;
    return l2Normalize(sum);
  }
}
