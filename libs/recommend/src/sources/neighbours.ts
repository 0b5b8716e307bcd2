import { topN } from '../top-n.js';

/** Top-M neighbours per item: item a's are indices[offsets[a] .. offsets[a+1]) with their scores, best first. */
export interface Neighbours {
  offsets: Int32Array;
  indices: Int32Array;
  scores: Float32Array;
}

/**
 * Item–item cosine over "baskets" (each basket: distinct items of one user, or one session):
 * co(a,b) / √(n_a · n_b), with each basket's pairs down-weighted by 1/log2(2 + |basket|).
 */
export function cooccurrenceNeighbours(baskets: readonly Int32Array[], items: number, keep: number): Neighbours {
  const byItem: number[][] = Array.from({ length: items }, () => []);
  const counts = new Float64Array(items);
  baskets.forEach((basket, b) => {
    for (const i of basket) {
      byItem[i]!.push(b);
      counts[i]!++;
    }
  });
  const weight = Float64Array.from(baskets, (b) => 1 / Math.log2(2 + b.length));
  const acc = new Float64Array(items);
  const touched: number[] = [];
  const offsets = new Int32Array(items + 1);
  const outIdx: number[] = [];
  const outVal: number[] = [];
  for (let a = 0; a < items; a++) {
    for (const b of byItem[a]!) {
      for (const j of baskets[b]!) {
        if (j === a) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j] = acc[j]! + weight[b]!;
      }
    }
    const sims = new Map<number, number>();
    for (const j of touched) sims.set(j, acc[j]! / Math.sqrt(counts[a]! * counts[j]!));
    const idx = [...sims.keys()];
    const best = topN(
      idx.map((j) => sims.get(j)!),
      keep,
    );
    for (const t of best) {
      outIdx.push(idx[t]!);
      outVal.push(sims.get(idx[t]!)!);
    }
    offsets[a + 1] = outIdx.length;
    for (const j of touched) acc[j] = 0;
    touched.length = 0;
  }
  return { offsets, indices: Int32Array.from(outIdx), scores: Float32Array.from(outVal) };
}

/** Directed a → b pairs (b follows a in a sequence within `window` steps), normalised by √(n_a · n_b). */
export function transitionNeighbours(sequences: readonly Int32Array[], items: number, window: number, keep: number) {
  const pairs = new Map<number, Map<number, number>>();
  const counts = new Float64Array(items);
  for (const seq of sequences) {
    for (let s = 0; s < seq.length; s++) {
      const a = seq[s]!;
      counts[a]!++;
      for (let t = s + 1; t < Math.min(seq.length, s + 1 + window); t++) {
        const b = seq[t]!;
        if (b === a) continue;
        let row = pairs.get(a);
        if (!row) pairs.set(a, (row = new Map()));
        row.set(b, (row.get(b) ?? 0) + 1 / (t - s));
      }
    }
  }
  return fromPairs(pairs, counts, items, keep);
}

/** Neighbours from weighted pair counts, normalised by √(n_a · n_b). */
export function fromPairs(
  pairs: ReadonlyMap<number, ReadonlyMap<number, number>>,
  counts: Float64Array,
  items: number,
  keep: number,
): Neighbours {
  const offsets = new Int32Array(items + 1);
  const outIdx: number[] = [];
  const outVal: number[] = [];
  for (let a = 0; a < items; a++) {
    const row = pairs.get(a);
    if (row) {
      const idx = [...row.keys()];
      const sims = idx.map((b) => row.get(b)! / Math.sqrt(Math.max(1, counts[a]!) * Math.max(1, counts[b]!)));
      for (const t of topN(sims, keep)) {
        outIdx.push(idx[t]!);
        outVal.push(sims[t]!);
      }
    }
    offsets[a + 1] = outIdx.length;
  }
  return { offsets, indices: Int32Array.from(outIdx), scores: Float32Array.from(outVal) };
}
