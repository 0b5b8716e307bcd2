export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { initTelemetry, type Telemetry, type TelemetryOptions } from './tracing.js';
export {
  activeContext,
  injectTraceContext,
  extractTraceContext,
  inContext,
  inSpan,
  recordFinishedSpan,
  SpanKind,
  type Context,
} from './propagation.js';
