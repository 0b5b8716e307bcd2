// Entry point of the HTTP gateway and web console as its own process.
import { runServiceEntryPoint } from '@demand/service-runtime/entry-point';
import { loadGatewayConfig } from './config.js';

await runServiceEntryPoint({
  name: 'gateway',
  loadConfig: loadGatewayConfig,
  start: async (config, logger) => (await import('./start-gateway.js')).startGateway(config, logger),
});
