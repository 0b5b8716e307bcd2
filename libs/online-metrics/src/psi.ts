/** Share floor of an empty bin, so PSI stays finite. */
const EMPTY_SHARE = 1e-4;

function psiOfShares(reference: readonly number[], current: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const e = Math.max(reference[i]!, EMPTY_SHARE);
    const a = Math.max(current[i]!, EMPTY_SHARE);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** Bin edges at the reference's quantiles (duplicates dropped): bin i holds values in (edge[i-1], edge[i]]. */
export function quantileEdges(reference: readonly number[], bins: number): number[] {
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = sorted[Math.max(0, Math.ceil((i * sorted.length) / bins) - 1)]!;
    if (edges.at(-1) !== edge) edges.push(edge);
  }
  return edges;
}

function shares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    let bin = 0;
    while (bin < edges.length && value > edges[bin]!) bin++;
    counts[bin]! += 1;
  }
  return counts.map((c) => c / values.length);
}

/**
 * Population stability index of a numeric feature: Σ (a − e)·ln(a / e) over bins cut at the
 * reference's quantiles. Below 0.1 is usually read as stable, above 0.25 as a real shift.
 */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[], bins = 10): number {
  if (reference.length === 0 || current.length === 0) throw new RangeError('PSI needs values on both sides');
  const edges = quantileEdges(reference, bins);
  return psiOfShares(shares(reference, edges), shares(current, edges));
}

/** PSI of a categorical feature from counts per category (categories missing on one side count as empty). */
export function categoricalStabilityIndex(
  reference: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): number {
  const categories = [...new Set([...reference.keys(), ...current.keys()])];
  const total = (counts: ReadonlyMap<string, number>) => [...counts.values()].reduce((s, c) => s + c, 0);
  const referenceTotal = total(reference);
  const currentTotal = total(current);
  if (referenceTotal === 0 || currentTotal === 0) throw new RangeError('PSI needs counts on both sides');
  return psiOfShares(
    categories.map((c) => (reference.get(c) ?? 0) / referenceTotal),
    categories.map((c) => (current.get(c) ?? 0) / currentTotal),
  );
}

/** Share of the current tokens that the reference never used (the vocabulary drift of texts). */
export function unseenTokenShare(referenceTokens: Iterable<string>, currentTokens: readonly string[]): number {
  if (currentTokens.length === 0) return 0;
  const known = new Set(referenceTokens);
  return currentTokens.filter((token) => !known.has(token)).length / currentTokens.length;
}
