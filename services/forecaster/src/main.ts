// Entry point of the forecaster as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadForecasterConfig } from './config.js';

await runServiceEntryPoint({
  name: 'forecaster',
  loadConfig: loadForecasterConfig,
  start: async (config, logger) => (await import('./start-forecaster.js')).startForecaster(config, logger),
});
