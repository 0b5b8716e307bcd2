// Entry point of the preprocessor as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadPreprocessorConfig } from './config.js';

const config = configOrExit(() => loadPreprocessorConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'preprocessor', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'preprocessor', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startPreprocessor } = await import('./start-preprocessor.js');
const service = await startPreprocessor(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
