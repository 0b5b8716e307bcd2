/** A sparse square matrix in compressed-row form (rows and columns are token ids). */
export interface SparseMatrix {
  size: number;
  /** rowStart[r]..rowStart[r+1] index the entries of row r. */
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

/** A tokenised text and how its tokens count as each other's context. */
export interface TokenDocument {
  ids: readonly number[];
  /**
   * 'window': tokens within `window` positions, weighted 1/distance (running text).
   * 'whole': additionally every pair in the document, `documentWeight / length` each
   * (a catalog entry: its Chinese title, English title and description name the same thing).
   */
  context: 'window' | 'whole';
}

export interface CooccurrenceOptions {
  window: number;
  documentWeight: number;
}

/** Symmetric co-occurrence counts of token pairs over all documents. */
export function countCooccurrences(
  documents: readonly TokenDocument[],
  vocabSize: number,
  options: CooccurrenceOptions,
): SparseMatrix {
  const counts = new Map<number, number>();
  const add = (a: number, b: number, weight: number): void => {
    const key = a * vocabSize + b;
    counts.set(key, (counts.get(key) ?? 0) + weight);
  };
  for (const document of documents) {
    const { ids } = document;
    const whole = document.context === 'whole' && options.documentWeight > 0;
    const spread = whole ? options.documentWeight / ids.length : 0;
    for (let i = 0; i < ids.length; i++) {
      const from = whole ? 0 : Math.max(0, i - options.window);
      const to = whole ? ids.length : Math.min(ids.length, i + options.window + 1);
      for (let j = from; j < to; j++) {
        if (j === i) continue;
        const distance = Math.abs(i - j);
        add(ids[i] as number, ids[j] as number, (distance <= options.window ? 1 / distance : 0) + spread);
      }
    }
  }
  return fromEntries(counts, vocabSize);
}

/**
 * Positive pointwise mutual information: max(0, log(p(a,b) / (p(a)·p_α(b)))) with the context
 * distribution smoothed by exponent α (0.75 as in word2vec), which keeps rare contexts from
 * dominating. Rows of tokens seen with nothing stay empty.
 */
export function positivePmi(counts: SparseMatrix, contextSmoothing = 0.75): SparseMatrix {
  const { size, rowStart, columns, values } = counts;
  const rowTotals = new Float64Array(size);
  for (let r = 0; r < size; r++)
    for (let e = rowStart[r] as number; e < (rowStart[r + 1] as number); e++)
      rowTotals[r] = (rowTotals[r] as number) + (values[e] as number);
  const smoothed = Float64Array.from(rowTotals, (count) => count ** contextSmoothing);
  let smoothedTotal = 0;
  for (let r = 0; r < size; r++) smoothedTotal += smoothed[r] as number;
  const kept = new Map<number, number>();
  for (let r = 0; r < size; r++) {
    for (let e = rowStart[r] as number; e < (rowStart[r + 1] as number); e++) {
      const c = columns[e] as number;
      const pmi = Math.log(
        ((values[e] as number) * smoothedTotal) / ((rowTotals[r] as number) * (smoothed[c] as number)),
      );
      if (pmi > 0) kept.set(r * size + c, pmi);
    }
  }
  return fromEntries(kept, size);
}

function fromEntries(entries: Map<number, number>, size: number): SparseMatrix {
  const keys = [...entries.keys()].sort((a, b) => a - b);
  const rowStart = new Int32Array(size + 1);
  const columns = new Int32Array(keys.length);
  const values = new Float64Array(keys.length);
  keys.forEach((key, index) => {
    const row = Math.floor(key / size);
    rowStart[row + 1] = (rowStart[row + 1] as number) + 1;
    columns[index] = key - row * size;
    values[index] = entries.get(key) as number;
  });
  for (let r = 0; r < size; r++) rowStart[r + 1] = (rowStart[r + 1] as number) + (rowStart[r] as number);
  return { size, rowStart, columns, values };
}

/** out = M·X for a dense row-major X of `size × width`. */
export function multiply(matrix: SparseMatrix, dense: Float64Array, width: number): Float64Array {
  const out = new Float64Array(matrix.size * width);
  for (let r = 0; r < matrix.size; r++) {
    const target = r * width;
    for (let e = matrix.rowStart[r] as number; e < (matrix.rowStart[r + 1] as number); e++) {
      const value = matrix.values[e] as number;
      const source = (matrix.columns[e] as number) * width;
      for (let j = 0; j < width; j++)
        out[target + j] = (out[target + j] as number) + value * (dense[source + j] as number);
    }
  }
  return out;
}

/** out = Mᵀ·X for a dense row-major X of `size × width`. */
export function multiplyTransposed(matrix: SparseMatrix, dense: Float64Array, width: number): Float64Array {
  const out = new Float64Array(matrix.size * width);
  for (let r = 0; r < matrix.size; r++) {
    const source = r * width;
    for (let e = matrix.rowStart[r] as number; e < (matrix.rowStart[r + 1] as number); e++) {
      const value = matrix.values[e] as number;
      const target = (matrix.columns[e] as number) * width;
      for (let j = 0; j < width; j++)
        out[target + j] = (out[target + j] as number) + value * (dense[source + j] as number);
    }
  }
  return out;
}
