// Entry point of the recommender as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadRecommenderConfig } from './config.js';

const config = configOrExit(() => loadRecommenderConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'recommender', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'recommender', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startRecommender } = await import('./start-recommender.js');
const service = await startRecommender(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
