import { pino, type Logger, type DestinationStream } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where JSON lines go; standard output when absent. */
  destination?: DestinationStream;
  /** A second place for warnings and errors only (e.g. stderr when the lines go to a file). */
  problemsDestination?: DestinationStream;
}

/** Structured JSON logs; each line carries the service and, inside a span, its trace and span ids. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const { traceId, spanId } = span.spanContext();
        return { trace_id: traceId, span_id: spanId };
      },
    },
    options.problemsDestination
      ? pino.multistream([
          { stream: options.destination ?? pino.destination(1), level: (options.level ?? 'info') as pino.Level },
          { stream: options.problemsDestination, level: 'warn' },
        ])
      : options.destination,
  );
}
