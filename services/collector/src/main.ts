// Entry point of the collector as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadCollectorConfig } from './config.js';

const config = configOrExit(() => loadCollectorConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'collector', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'collector', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startCollector } = await import('./start-collector.js');
const service = await startCollector(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
