/** Indices of the n largest scores (best first), skipping excluded ones and −Infinity. O(len · log n). */
export function topN(scores: ArrayLike<number>, n: number, exclude?: (i: number) => boolean): number[] {
  if (n <= 0) return [];
  const heapIdx = new Int32Array(n);
  const heapVal = new Float64Array(n);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s === Number.NEGATIVE_INFINITY || Number.isNaN(s)) continue;
    if (size === n && s <= heapVal[0]!) continue;
    if (exclude?.(i)) continue;
    if (size < n) {
      let k = size++;
      while (k > 0) {
        const p = (k - 1) >> 1;
        if (heapVal[p]! <= s) break;
        heapVal[k] = heapVal[p]!;
        heapIdx[k] = heapIdx[p]!;
        k = p;
      }
      heapVal[k] = s;
      heapIdx[k] = i;
    } else {
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= size) break;
        const c = l + 1 < size && heapVal[l + 1]! < heapVal[l]! ? l + 1 : l;
        if (heapVal[c]! >= s) break;
        heapVal[k] = heapVal[c]!;
        heapIdx[k] = heapIdx[c]!;
        k = c;
      }
      heapVal[k] = s;
      heapIdx[k] = i;
    }
  }
  const out = Array.from(heapIdx.subarray(0, size));
  const val = new Map(out.map((i) => [i, scores[i]!]));
  return out.sort((a, b) => val.get(b)! - val.get(a)! || a - b);
}
