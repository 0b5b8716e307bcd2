// Entry point of the embedder as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadEmbedderConfig } from './config.js';

await runServiceEntryPoint({
  name: 'embedder',
  loadConfig: loadEmbedderConfig,
  start: async (config, logger) => (await import('./start-embedder.js')).startEmbedder(config, logger),
});
