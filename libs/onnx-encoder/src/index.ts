// Running a BERT-family sentence encoder exported to ONNX: the ONNX Runtime session (execution
// providers in order, CPU fallback), tokenisation into padded batches, pooling, the dynamic
// batcher in front of it, and the model directory format (model.onnx, tokenizer.json, encoder.json).
export type { SentenceEncoder, EncoderLogger } from './sentence-encoder.port.js';
export { EncoderError, type EncoderErrorCode } from './encoder-error.js';
export { parseEncoderConfig, type EncoderConfig, type PoolingMode } from './encoder-config.js';
export { OnnxTextEncoder, type OnnxEncoderOptions } from './onnx-encoder.adapter.js';
export { DynamicBatcher, type DynamicBatcherOptions } from './dynamic-batcher.js';
export { withDynamicBatching, type BatchedSentenceEncoder, type BatchingOptions } from './batched-encoder.js';
export { providerFallbackChain } from './execution-providers.js';
export { poolHiddenStates, l2NormalizeInPlace, type HiddenStates } from './pooling.js';
export { padEncodings, type PaddedBatch } from './model-inputs.js';
export {
  readEncoderModelDirectory,
  writeEncoderModelDirectory,
  MODEL_FILE,
  TOKENIZER_FILE,
  ENCODER_CONFIG_FILE,
  type EncoderModelFiles,
} from './model-directory.adapter.js';
