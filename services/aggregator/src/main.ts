// Entry point of the aggregator as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadAggregatorConfig } from './config.js';

const config = configOrExit(() => loadAggregatorConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'aggregator', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'aggregator', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startAggregator } = await import('./start-aggregator.js');
const service = await startAggregator(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
