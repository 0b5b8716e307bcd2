export { buildBertOnnxModel, BERT_OPSET, ATTENTION_MASK_BIAS } from './bert-onnx-builder.js';
export {
  randomBertWeights,
  checkBertWeights,
  type BertArchitecture,
  type BertWeights,
  type BertLayerWeights,
  type LinearWeights,
  type LayerNormWeights,
} from './bert-weights.js';
