/** Ranking quality of one list against the set of items the user went on to engage with. */
export function ndcgAt(list: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, list.length); r++) if (relevant.has(list[r]!)) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Share of the relevant items found in the top k. */
export function recallAt(list: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let r = 0; r < Math.min(k, list.length); r++) if (relevant.has(list[r]!)) hits++;
  return hits / relevant.size;
}

/** 1 when any relevant item is in the top k. */
export function hitAt(list: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  for (let r = 0; r < Math.min(k, list.length); r++) if (relevant.has(list[r]!)) return 1;
  return 0;
}

/** Share of the catalogue that appears in at least one list. */
export function coverage(lists: readonly (readonly number[])[], catalogue: number): number {
  const seen = new Set<number>();
  for (const list of lists) for (const i of list) seen.add(i);
  return catalogue > 0 ? seen.size / catalogue : 0;
}

/** Mean pairwise dissimilarity (1 − similarity) within one list. */
export function intraListDiversity(list: readonly number[], similarity: (a: number, b: number) => number): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) {
      sum += 1 - similarity(list[a]!, list[b]!);
      pairs++;
    }
  }
  return pairs > 0 ? sum / pairs : 0;
}
