import { EncoderError } from '@demand/onnx-encoder';

/** Shape of a BERT encoder (names follow Hugging Face's BertConfig). */
export interface BertArchitecture {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEpsilon: number;
}

/** A dense layer computing x·weight + bias; `weight` is row-major [in, out] (PyTorch's Linear.weight transposed). */
export interface LinearWeights {
  weight: Float32Array;
  bias: Float32Array;
}

export interface LayerNormWeights {
  gamma: Float32Array;
  beta: Float32Array;
}

export interface BertLayerWeights {
  query: LinearWeights;
  key: LinearWeights;
  value: LinearWeights;
  attentionOutput: LinearWeights;
  attentionNorm: LayerNormWeights;
  intermediate: LinearWeights;
  output: LinearWeights;
  outputNorm: LayerNormWeights;
}

export interface BertWeights {
  architecture: BertArchitecture;
  /** [vocabSize, hidden] */
  wordEmbeddings: Float32Array;
  /** [maxPositions, hidden] */
  positionEmbeddings: Float32Array;
  /** [typeVocabSize, hidden] */
  tokenTypeEmbeddings: Float32Array;
  embeddingNorm: LayerNormWeights;
  layers: BertLayerWeights[];
}

/** Seeded random weights: N(0, scale²) matrices, small biases, LayerNorm gamma near 1. */
export function randomBertWeights(architecture: BertArchitecture, seed: number, scale = 0.1): BertWeights {
  const normal = seededNormal(seed);
  const random = (length: number, std: number, mean = 0): Float32Array =>
    Float32Array.from({ length }, () => mean + std * normal());
  const { vocabSize, hiddenSize: h, intermediateSize: inner } = architecture;
  const linear = (inputs: number, outputs: number): LinearWeights => ({
    weight: random(inputs * outputs, scale),
    bias: random(outputs, scale / 10),
  });
  const norm = (): LayerNormWeights => ({ gamma: random(h, 0.05, 1), beta: random(h, 0.05) });
  return {
    architecture,
    wordEmbeddings: random(vocabSize * h, scale * 5),
    positionEmbeddings: random(architecture.maxPositions * h, scale * 2),
    tokenTypeEmbeddings: random(architecture.typeVocabSize * h, scale * 2),
    embeddingNorm: norm(),
    layers: Array.from({ length: architecture.numLayers }, () => ({
      query: linear(h, h),
      key: linear(h, h),
      value: linear(h, h),
      attentionOutput: linear(h, h),
      attentionNorm: norm(),
      intermediate: linear(h, inner),
      output: linear(inner, h),
      outputNorm: norm(),
    })),
  };
}

/** Lists every tensor whose size does not fit the architecture. */
export function checkBertWeights(weights: BertWeights): void {
  const a = weights.architecture;
  const problems: string[] = [];
  const expect = (name: string, actual: Float32Array, size: number): void => {
    if (actual.length !== size) problems.push(`${name} has ${actual.length} values, expected ${size}`);
  };
  if (a.hiddenSize % a.numHeads !== 0)
    problems.push(`hiddenSize ${a.hiddenSize} is not divisible by numHeads ${a.numHeads}`);
  if (weights.layers.length !== a.numLayers) problems.push(`${weights.layers.length} layers, expected ${a.numLayers}`);
  expect('wordEmbeddings', weights.wordEmbeddings, a.vocabSize * a.hiddenSize);
  expect('positionEmbeddings', weights.positionEmbeddings, a.maxPositions * a.hiddenSize);
  expect('tokenTypeEmbeddings', weights.tokenTypeEmbeddings, a.typeVocabSize * a.hiddenSize);
  const checkNorm = (name: string, norm: LayerNormWeights): void => {
    expect(`${name}.gamma`, norm.gamma, a.hiddenSize);
    expect(`${name}.beta`, norm.beta, a.hiddenSize);
  };
  const checkLinear = (name: string, linear: LinearWeights, inputs: number, outputs: number): void => {
    expect(`${name}.weight`, linear.weight, inputs * outputs);
    expect(`${name}.bias`, linear.bias, outputs);
  };
  checkNorm('embeddingNorm', weights.embeddingNorm);
  weights.layers.forEach((layer, i) => {
    for (const name of ['query', 'key', 'value', 'attentionOutput'] as const)
      checkLinear(`layers[${i}].${name}`, layer[name], a.hiddenSize, a.hiddenSize);
    checkLinear(`layers[${i}].intermediate`, layer.intermediate, a.hiddenSize, a.intermediateSize);
    checkLinear(`layers[${i}].output`, layer.output, a.intermediateSize, a.hiddenSize);
    checkNorm(`layers[${i}].attentionNorm`, layer.attentionNorm);
    checkNorm(`layers[${i}].outputNorm`, layer.outputNorm);
  });
  if (problems.length > 0)
    throw new EncoderError('INVALID_WEIGHTS', `BERT weights do not fit the architecture: ${problems.join('; ')}`);
}

/** Standard normal numbers from a seeded mulberry32 stream (Box–Muller). */
export function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
