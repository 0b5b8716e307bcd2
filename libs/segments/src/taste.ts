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
  let sum: Float64Array | undefined;
  for (const e of events) {
    if (e.at > asOf || !e.itemId) continue;
    const kindWeight = kindWeights[e.kind] ?? 0;
    if (kindWeight <= 0) continue;
    const vector = items(e.itemId)?.vector;
    if (!vector) continue;
    sum ??= new Float64Array(vector.length);
    if (vector.length !== sum.length) continue;
    const w = kindWeight * decayWeight(e.at, asOf, halfLifeDays);
    for (let d = 0; d < sum.length; d++) sum[d] = sum[d]! + w * vector[d]!;
  }
  if (!sum || sum.every((x) => x === 0)) return undefined;
  return l2Normalize(sum);
}
