// Entry point of the embedder as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadEmbedderConfig } from './config.js';

const config = configOrExit(() => loadEmbedderConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'embedder', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'embedder', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startEmbedder } = await import('./start-embedder.js');
const service = await startEmbedder(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
