import { createLogger, type Logger } from '@demand/telemetry';

export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/** A real (pino) logger whose lines are kept for assertions. */
export function recordingPinoLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    service: 'embedder-test',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } as never,
  });
  return { logger, lines };
}
