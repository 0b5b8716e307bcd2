import ort from 'onnxruntime-node';
import type { BertArchitecture } from '../../src/encoder/bert-weights.js';

export const TINY_ARCHITECTURE: BertArchitecture = {
  vocabSize: 60,
  hiddenSize: 16,
  numLayers: 2,
  numHeads: 4,
  intermediateSize: 32,
  maxPositions: 24,
  typeVocabSize: 2,
  layerNormEpsilon: 1e-12,
};

export function int64Tensor(rows: number[][]): ort.Tensor {
  const width = rows[0]?.length ?? 0;
  return new ort.Tensor('int64', BigInt64Array.from(rows.flat().map((value) => BigInt(value))), [rows.length, width]);
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}
