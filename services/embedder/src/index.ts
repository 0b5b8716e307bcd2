export { EmbedderModule } from './embedder.module.js';
export { loadEmbedderConfig, type EmbedderConfig } from './config.js';
export { startEmbedder } from './start-embedder.js';
