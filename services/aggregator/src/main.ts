// Entry point of the aggregator as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadAggregatorConfig } from './config.js';

await runServiceEntryPoint({
  name: 'aggregator',
  loadConfig: loadAggregatorConfig,
  start: async (config, logger) => (await import('./start-aggregator.js')).startAggregator(config, logger),
});
