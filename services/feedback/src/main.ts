// Entry point of the feedback as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadFeedbackConfig } from './config.js';

await runServiceEntryPoint({
  name: 'feedback',
  loadConfig: loadFeedbackConfig,
  start: async (config, logger) => (await import('./start-feedback.js')).startFeedback(config, logger),
});
