import type { BertArchitecture, BertWeights, LayerNormWeights, LinearWeights } from '../encoder/bert-weights.js';
import type { StaticTokenVectors } from './static-token-vectors.js';

/** Hidden width of the exported model: content dimensions + 1 (zero-sum) + 2 (ballast). */
export function hiddenSizeFor(contentDimensions: number): number {
  return contentDimensions + 3;
}

export interface StaticBertOptions {
  maxPositions: number;
  numHeads: number;
}

/**
 * A BERT whose mean-pooled, L2-normalised output is normalize(Σ weightₜ·vectorₜ) over a text's
 * tokens — a static-embedding encoder (as Model2Vec distils) in the standard BERT interface.
 *
 * BERT's embedding LayerNorm rescales every token to the same length, which would erase the
 * weights. So each token's row is [x, c, −c]: x is the token vector turned (by a Householder
 * reflection, which keeps inner products) into the zero-sum subspace, and c is a "ballast"
 * whose size sets how much of the normalised length x keeps: |LN(row)|ₓ = √(H/(1+2c²)), chosen
 * proportional to the token's weight. With zero mean the LayerNorms in between leave rows
 * unchanged; attention and feed-forward weights are zero (their residuals pass the input
 * through), and the last LayerNorm's gamma drops the two ballast dimensions.
 */
export function staticBertWeights(table: StaticTokenVectors, options: StaticBertOptions): BertWeights {
  const hidden = hiddenSizeFor(table.dimensions);
  const zeroSum = hidden - 2;
  const architecture: BertArchitecture = {
    vocabSize: table.vocabSize,
    hiddenSize: hidden,
    numLayers: 1,
    numHeads: options.numHeads,
    intermediateSize: 8,
    maxPositions: options.maxPositions,
    typeVocabSize: 2,
    layerNormEpsilon: 1e-12,
  };
  let maxWeight = 0;
  for (const weight of table.weights) maxWeight = Math.max(maxWeight, weight);
  const wordEmbeddings = new Float32Array(table.vocabSize * hidden);
  for (let id = 0; id < table.vocabSize; id++) {
    const row = wordEmbeddings.subarray(id * hidden, (id + 1) * hidden);
    const weight = table.weights[id] as number;
    const vector = table.vectors.subarray(id * table.dimensions, (id + 1) * table.dimensions);
    let ballast = 1;
    if (weight > 0 && maxWeight > 0) {
      row.set(intoZeroSum(vector, zeroSum));
      const length = (0.99 * Math.sqrt(hidden) * weight) / maxWeight;
      ballast = Math.sqrt((hidden / (length * length) - 1) / 2);
    }
    row[zeroSum] = ballast;
    row[zeroSum + 1] = -ballast;
  }
  const zeros = (length: number) => new Float32Array(length);
  const norm = (keepBallast: boolean): LayerNormWeights => ({
    gamma: Float32Array.from({ length: hidden }, (_, k) => (keepBallast || k < zeroSum ? 1 : 0)),
    beta: zeros(hidden),
  });
  const linear = (inputs: number, outputs: number): LinearWeights => ({
    weight: zeros(inputs * outputs),
    bias: zeros(outputs),
  });
  return {
    architecture,
    wordEmbeddings,
    positionEmbeddings: zeros(options.maxPositions * hidden),
    tokenTypeEmbeddings: zeros(2 * hidden),
    embeddingNorm: norm(true),
    layers: [
      {
        query: linear(hidden, hidden),
        key: linear(hidden, hidden),
        value: linear(hidden, hidden),
        attentionOutput: linear(hidden, hidden),
        attentionNorm: norm(true),
        intermediate: linear(hidden, architecture.intermediateSize),
        output: linear(architecture.intermediateSize, hidden),
        outputNorm: norm(false),
      },
    ],
  };
}

/**
 * Maps z ∈ ℝⁿ⁻¹ to x ∈ ℝⁿ with Σx = 0 and the same inner products: the Householder reflection
 * that sends the last basis vector to 1/√n applied to [z, 0].
 */
export function intoZeroSum(z: ArrayLike<number>, n: number): Float32Array {
  if (z.length !== n - 1) throw new RangeError(`expected ${n - 1} values, got ${z.length}`);
  const root = Math.sqrt(n);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] as number;
  // v = e_last − 1/√n; H·y = y − 2·v·(vᵀy)/(vᵀv); vᵀy = −Σz/√n; vᵀv = 2 − 2/√n.
  const factor = (2 * (-sum / root)) / (2 - 2 / root);
  const out = new Float32Array(n);
  for (let i = 0; i < n - 1; i++) out[i] = (z[i] as number) + factor / root;
  out[n - 1] = -factor * (1 - 1 / root);
  return out;
}
