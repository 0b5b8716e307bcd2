// Entry point of the collector as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadCollectorConfig } from './config.js';

await runServiceEntryPoint({
  name: 'collector',
  loadConfig: loadCollectorConfig,
  start: async (config, logger) => (await import('./start-collector.js')).startCollector(config, logger),
});
