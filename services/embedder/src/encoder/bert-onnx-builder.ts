import {
  checkBertWeights,
  type BertLayerWeights,
  type BertWeights,
  type LayerNormWeights,
  type LinearWeights,
} from './bert-weights.js';
import { OnnxGraphBuilder } from './onnx-graph.js';

export const BERT_OPSET = 17;
export const ATTENTION_MASK_BIAS = -10000;

/**
 * A BERT encoder as ONNX (opset 17) bytes: input_ids, attention_mask, token_type_ids (int64
 * [batch, sequence]) → last_hidden_state (float [batch, sequence, hidden]). Post-LN layers as in
 * the original BERT: self-attention with an additive −10000 mask bias, exact (erf) GELU FFN.
 */
export function buildBertOnnxModel(weights: BertWeights): Uint8Array {
  checkBertWeights(weights);
  const { architecture: a } = weights;
  const g = new OnnxGraphBuilder();
  const h = a.hiddenSize;

  const words = g.node(
    'Gather',
    [g.floatTensor('embeddings.word', [a.vocabSize, h], weights.wordEmbeddings), 'input_ids'],
    { axis: { int: 0 } },
  );
  const sequenceLength = g.node('Shape', ['input_ids'], { start: { int: 1 }, end: { int: 2 } });
  const positionTable = g.floatTensor('embeddings.position', [a.maxPositions, h], weights.positionEmbeddings);
  const positions = g.node('Slice', [positionTable, g.int64Vector([0]), sequenceLength, g.int64Vector([0])]);
  const types = g.node(
    'Gather',
    [g.floatTensor('embeddings.token_type', [a.typeVocabSize, h], weights.tokenTypeEmbeddings), 'token_type_ids'],
    { axis: { int: 0 } },
  );
  const summed = g.node('Add', [g.node('Add', [words, positions]), types]);
  let hidden = layerNorm(g, 'embeddings.norm', summed, weights.embeddingNorm, a.layerNormEpsilon);

  const maskFloat = g.node('Cast', ['attention_mask'], { to: { int: 1 } });
  const maskBias = g.node('Mul', [g.node('Sub', [g.floatScalar(1), maskFloat]), g.floatScalar(ATTENTION_MASK_BIAS)]);
  const maskBias4d = g.node('Unsqueeze', [maskBias, g.int64Vector([1, 2])]);

  weights.layers.forEach((layer, index) => {
    hidden = encoderLayer(g, `layer${index}`, hidden, maskBias4d, layer, weights);
  });
  g.node('Identity', [hidden], {}, 'last_hidden_state');

  const tokens = (name: string) => ({ name, elementType: 'int64' as const, shape: ['batch', 'sequence'] });
  return g.toModelBytes({
    name: 'bert',
    opset: BERT_OPSET,
    inputs: [tokens('input_ids'), tokens('attention_mask'), tokens('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', elementType: 'float', shape: ['batch', 'sequence', h] }],
    metadata: { architecture: JSON.stringify(a) },
  });
}

function encoderLayer(
  g: OnnxGraphBuilder,
  prefix: string,
  input: string,
  maskBias: string,
  layer: BertLayerWeights,
  weights: BertWeights,
): string {
  const { hiddenSize: h, numHeads: heads, intermediateSize: inner, layerNormEpsilon: eps } = weights.architecture;
  const headSize = h / heads;
  const toHeads = g.int64Vector([0, 0, heads, headSize]);
  const split = (name: string, linearWeights: LinearWeights, perm: number[]): string =>
    g.node('Transpose', [g.node('Reshape', [dense(g, `${prefix}.${name}`, input, linearWeights, h, h), toHeads])], {
      perm: { ints: perm },
    });

  const query = split('query', layer.query, [0, 2, 1, 3]);
  const keyTransposed = split('key', layer.key, [0, 2, 3, 1]);
  const value = split('value', layer.value, [0, 2, 1, 3]);
  const scores = g.node('Add', [
    g.node('Mul', [g.node('MatMul', [query, keyTransposed]), g.floatScalar(1 / Math.sqrt(headSize))]),
    maskBias,
  ]);
  const probabilities = g.node('Softmax', [scores], { axis: { int: -1 } });
  const context = g.node('Transpose', [g.node('MatMul', [probabilities, value])], { perm: { ints: [0, 2, 1, 3] } });
  const merged = g.node('Reshape', [context, g.int64Vector([0, 0, h])]);
  const attended = dense(g, `${prefix}.attention_output`, merged, layer.attentionOutput, h, h);
  const afterAttention = layerNorm(
    g,
    `${prefix}.attention_norm`,
    g.node('Add', [attended, input]),
    layer.attentionNorm,
    eps,
  );

  const expanded = dense(g, `${prefix}.intermediate`, afterAttention, layer.intermediate, h, inner);
  const activated = gelu(g, expanded);
  const projected = dense(g, `${prefix}.output`, activated, layer.output, inner, h);
  return layerNorm(g, `${prefix}.output_norm`, g.node('Add', [projected, afterAttention]), layer.outputNorm, eps);
}

function dense(
  g: OnnxGraphBuilder,
  name: string,
  input: string,
  weights: LinearWeights,
  inputs: number,
  outputs: number,
): string {
  const product = g.node('MatMul', [input, g.floatTensor(`${name}.weight`, [inputs, outputs], weights.weight)]);
  return g.node('Add', [product, g.floatTensor(`${name}.bias`, [outputs], weights.bias)]);
}

function layerNorm(
  g: OnnxGraphBuilder,
  name: string,
  input: string,
  weights: LayerNormWeights,
  epsilon: number,
): string {
  const size = weights.gamma.length;
  const gamma = g.floatTensor(`${name}.gamma`, [size], weights.gamma);
  const beta = g.floatTensor(`${name}.beta`, [size], weights.beta);
  return g.node('LayerNormalization', [input, gamma, beta], { axis: { int: -1 }, epsilon: { float: epsilon } });
}

/** Exact GELU: 0.5·x·(1 + erf(x/√2)). */
function gelu(g: OnnxGraphBuilder, input: string): string {
  const erf = g.node('Erf', [g.node('Mul', [input, g.floatScalar(Math.SQRT1_2)])]);
  return g.node('Mul', [g.node('Mul', [input, g.floatScalar(0.5)]), g.node('Add', [erf, g.floatScalar(1)])]);
}
