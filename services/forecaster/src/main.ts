// Entry point of the forecaster as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadForecasterConfig } from './config.js';

const config = configOrExit(() => loadForecasterConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'forecaster', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'forecaster', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startForecaster } = await import('./start-forecaster.js');
const service = await startForecaster(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
