// Entry point of the preprocessor as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadPreprocessorConfig } from './config.js';

await runServiceEntryPoint({
  name: 'preprocessor',
  loadConfig: loadPreprocessorConfig,
  start: async (config, logger) => (await import('./start-preprocessor.js')).startPreprocessor(config, logger),
});
