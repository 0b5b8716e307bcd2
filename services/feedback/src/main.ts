// Entry point of the feedback as its own process. Tracing is set up before the
// framework and the service code are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { loadFeedbackConfig } from './config.js';

const config = configOrExit(() => loadFeedbackConfig(processEnvironment()));
const telemetry = initTelemetry({ serviceName: 'feedback', otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
const logger = createLogger({ service: 'feedback', level: config.env.LOG_LEVEL });

const { runUntilSignal } = await import('@demand/service-runtime');
const { startFeedback } = await import('./start-feedback.js');
const service = await startFeedback(config, logger);
runUntilSignal(async () => {
  await service.close();
  await telemetry.shutdown();
}, logger);
