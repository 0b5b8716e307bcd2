/**
 * Indices of the n largest scores (best first), skipping excluded ones and −Infinity; among equal
 * scores the lower index wins, so the answer depends on the scores alone, not on the scan.
 * O(len · log n).
 */
export function topN(scores: ArrayLike<number>, n: number, exclude?: (i: number) => boolean): number[] {
  if (n <= 0) return [];
  // A min-heap on (score, −index): the root is the worst kept item.
  const heapIdx = new Int32Array(n);
  const heapVal = new Float64Array(n);
  const worse = (a: number, b: number) =>
    heapVal[a]! < heapVal[b]! || (heapVal[a] === heapVal[b] && heapIdx[a]! > heapIdx[b]!);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s === Number.NEGATIVE_INFINITY || Number.isNaN(s)) continue;
    // Indices rise, so an equal score loses to the kept one.
    if (size === n && s <= heapVal[0]!) continue;
    if (exclude?.(i)) continue;
    let k: number;
    if (size < n) {
      k = size++;
      while (k > 0) {
        const p = (k - 1) >> 1;
        if (heapVal[p]! < s) break;
        heapVal[k] = heapVal[p]!;
        heapIdx[k] = heapIdx[p]!;
        k = p;
      }
    } else {
      k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= size) break;
        const c = l + 1 < size && worse(l + 1, l) ? l + 1 : l;
        if (heapVal[c]! >= s) break;
        heapVal[k] = heapVal[c]!;
        heapIdx[k] = heapIdx[c]!;
        k = c;
      }
    }
    heapVal[k] = s;
    heapIdx[k] = i;
  }
  // Heap-sort the kept items: the root is the worst, so they fill the answer from the back.
  const out = new Array<number>(size);
  for (let last = size - 1; last >= 0; last--) {
    out[last] = heapIdx[0]!;
    const s = heapVal[last]!;
    const i = heapIdx[last]!;
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= last) break;
      const c = l + 1 < last && worse(l + 1, l) ? l + 1 : l;
      if (heapVal[c]! > s || (heapVal[c] === s && heapIdx[c]! < i)) break;
      heapVal[k] = heapVal[c]!;
      heapIdx[k] = heapIdx[c]!;
      k = c;
    }
    heapVal[k] = s;
    heapIdx[k] = i;
  }
  return out;
}
