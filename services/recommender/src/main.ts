// Entry point of the recommender as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadRecommenderConfig } from './config.js';

await runServiceEntryPoint({
  name: 'recommender',
  loadConfig: loadRecommenderConfig,
  start: async (config, logger) => (await import('./start-recommender.js')).startRecommender(config, logger),
});
