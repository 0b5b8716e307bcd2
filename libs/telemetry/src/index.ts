export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { initTelemetry, type Telemetry, type TelemetryOptions } from './tracing.js';
export { injectTraceContext, extractTraceContext, inSpan, recordFinishedSpan, SpanKind } from './propagation.js';
