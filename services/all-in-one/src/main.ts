// Local mode: every service in this process on embedded engines. Tracing is set up before
// the framework and the services are loaded.
import { configOrExit, processEnvironment } from '@demand/config';
import { initTelemetry } from '@demand/telemetry';
import { loadLocalConfig } from './config.js';

const environment = processEnvironment();
const config = configOrExit(() => loadLocalConfig(environment));
const telemetry = initTelemetry({
  serviceName: 'demand-local',
  otlpTracesUrl: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
});

const { runLocal } = await import('./run-local.js');
const { ConfigError } = await import('@demand/config');
try {
  await runLocal(config, environment, telemetry);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`local platform failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
