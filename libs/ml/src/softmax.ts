/** Softmax of `logits / temperature`, computed stably (max subtracted). */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    const e = Math.exp(logits[k]! / temperature - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / sum;
  return out;
}

/** log Σ exp(scale · logits[k]), computed stably. */
export function logSumExp(logits: ArrayLike<number>, scale = 1): number {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, scale * logits[k]!);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += Math.exp(scale * logits[k]! - max);
  return max + Math.log(sum);
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}
