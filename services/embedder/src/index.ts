export { EmbedderModule } from './embedder.module.js';
export { loadEmbedderConfig, type EmbedderConfig } from './config.js';
export { startEmbedder } from './start-embedder.js';
export { TEXT_MODEL_NAMES } from './adapters/model-repository.adapter.js';
export { TEXT_MODELS_FAILED } from './models/readiness.js';
