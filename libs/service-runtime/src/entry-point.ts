// Loads nothing of the framework: an entry point imports this first, so tracing is set up
// before Nest and the service code are loaded (their modules are imported by `start`).
import { configOrExit, processEnvironment, type Environment } from '@demand/config';
import { createLogger, initTelemetry, type Logger } from '@demand/telemetry';
import { runUntilSignal } from './run-until-signal.js';

interface EntryPointConfig {
  env: { LOG_LEVEL?: string; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string };
}

/**
 * A service's process: validates its configuration (exit 2 naming every problem), sets up
 * tracing and logging, starts the service and keeps it up until SIGINT/SIGTERM.
 */
export async function runServiceEntryPoint<C extends EntryPointConfig>(options: {
  name: string;
  loadConfig(environment: Environment): C;
  /** Imports the service lazily, so the imports come after tracing. */
  start(config: C, logger: Logger): Promise<{ close(): Promise<void> }>;
}): Promise<void> {
  const config = configOrExit(() => options.loadConfig(processEnvironment()));
  const telemetry = initTelemetry({
    serviceName: options.name,
    otlpTracesUrl: config.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  });
  const logger = createLogger({ service: options.name, level: config.env.LOG_LEVEL });
  const service = await options.start(config, logger);
  runUntilSignal(async () => {
    await service.close();
    await telemetry.shutdown();
  }, logger);
}
