export { EmbedderModule } from './embedder.module.js';
export { loadEmbedderConfig, type EmbedderConfig } from './config.js';
export { startEmbedder } from './start-embedder.js';
// Model quality and speed on known truth, for bench/ (embed.eval, embed.bench).
export { evaluateOnShop, type ShopEvaluation, type ClassifierScore } from './evaluation/shop-evaluation.js';
export { openBareOnnx, latestEncoderDirectory, type BareOnnx } from './evaluation/bare-onnx.js';
export { shopTexts, type ShopCorpusOptions } from './training/shop-corpus.js';
