import type { BertWeights, LayerNormWeights, LinearWeights } from '../../src/encoder/bert-weights.js';

/**
 * A plain TypeScript BERT forward pass, loop by loop, to check the ONNX graph against.
 * Returns last_hidden_state as a flat [batch, sequence, hidden] array.
 */
export function referenceBertForward(
  weights: BertWeights,
  inputIds: number[][],
  attentionMask: number[][],
  tokenTypeIds: number[][],
): Float64Array {
  const { hiddenSize: h, numHeads, layerNormEpsilon: eps } = weights.architecture;
  const batch = inputIds.length;
  const sequence = inputIds[0]?.length ?? 0;
  const out = new Float64Array(batch * sequence * h);
  for (let b = 0; b < batch; b++) {
    let x = Array.from({ length: sequence }, (_, s) => {
      const row = new Float64Array(h);
      const word = at(inputIds, b, s);
      const type = at(tokenTypeIds, b, s);
      for (let k = 0; k < h; k++) {
        row[k] =
          (weights.wordEmbeddings[word * h + k] ?? 0) +
          (weights.positionEmbeddings[s * h + k] ?? 0) +
          (weights.tokenTypeEmbeddings[type * h + k] ?? 0);
      }
      return layerNorm(row, weights.embeddingNorm, eps);
    });
    const maskBias = Array.from({ length: sequence }, (_, s) => (1 - at(attentionMask, b, s)) * -10000);
    for (const layer of weights.layers) {
      const q = x.map((row) => linear(row, layer.query));
      const k = x.map((row) => linear(row, layer.key));
      const v = x.map((row) => linear(row, layer.value));
      const context = attention(q, k, v, maskBias, numHeads);
      const attended = context.map((row, s) =>
        layerNorm(add(linear(row, layer.attentionOutput), x[s] as Float64Array), layer.attentionNorm, eps),
      );
      x = attended.map((row) =>
        layerNorm(add(linear(linear(row, layer.intermediate).map(gelu), layer.output), row), layer.outputNorm, eps),
      );
    }
    x.forEach((row, s) => out.set(row, (b * sequence + s) * h));
  }
  return out;
}

function attention(
  q: Float64Array[],
  k: Float64Array[],
  v: Float64Array[],
  maskBias: number[],
  numHeads: number,
): Float64Array[] {
  const sequence = q.length;
  const h = q[0]?.length ?? 0;
  const headSize = h / numHeads;
  const context = Array.from({ length: sequence }, () => new Float64Array(h));
  for (let head = 0; head < numHeads; head++) {
    const offset = head * headSize;
    for (let i = 0; i < sequence; i++) {
      const scores = Array.from({ length: sequence }, (_, j) => {
        let dot = 0;
        for (let d = 0; d < headSize; d++) dot += (q[i]?.[offset + d] ?? 0) * (k[j]?.[offset + d] ?? 0);
        return dot / Math.sqrt(headSize) + (maskBias[j] ?? 0);
      });
      const max = Math.max(...scores);
      const exps = scores.map((score) => Math.exp(score - max));
      const total = exps.reduce((sum, e) => sum + e, 0);
      for (let j = 0; j < sequence; j++) {
        const p = (exps[j] ?? 0) / total;
        for (let d = 0; d < headSize; d++) (context[i] as Float64Array)[offset + d] += p * (v[j]?.[offset + d] ?? 0);
      }
    }
  }
  return context;
}

function linear(input: Float64Array, weights: LinearWeights): Float64Array {
  const outputs = weights.bias.length;
  const out = Float64Array.from(weights.bias);
  for (let i = 0; i < input.length; i++) {
    const xi = input[i] ?? 0;
    for (let o = 0; o < outputs; o++) out[o] = (out[o] ?? 0) + xi * (weights.weight[i * outputs + o] ?? 0);
  }
  return out;
}

function layerNorm(row: Float64Array, weights: LayerNormWeights, eps: number): Float64Array {
  const mean = row.reduce((sum, value) => sum + value, 0) / row.length;
  const variance = row.reduce((sum, value) => sum + (value - mean) ** 2, 0) / row.length;
  const scale = 1 / Math.sqrt(variance + eps);
  return row.map((value, k) => (value - mean) * scale * (weights.gamma[k] ?? 1) + (weights.beta[k] ?? 0));
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, k) => value + (b[k] ?? 0));
}

function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf by its Maclaurin series for |x| < 3, else by the continued fraction tail; error below 1e-12. */
function erf(x: number): number {
  const sign = Math.sign(x);
  const z = Math.abs(x);
  if (z < 3) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 80; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  let fraction = 0;
  for (let n = 60; n >= 1; n--) fraction = n / 2 / (z + fraction);
  return sign * (1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction));
}

function at(rows: number[][], b: number, s: number): number {
  return rows[b]?.[s] ?? 0;
}
