export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message?: string;
}

type LogMethod = (fields: Record<string, unknown>, message?: string) => void;

/**
 * Remembers warnings and errors (every level with `allLevels`) and prints nothing. Called as a logger (fields, then
 * the message: pino's convention), or handed to pino as its destination (`createLogger({ destination })`): each JSON
 * line it writes is read back into the same form.
 */
export interface RecordingLogger {
  readonly lines: LogLine[];
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** pino's destination: one JSON line, its level as a label. */
  write(json: string): void;
  /** Lines logged with exactly this message. */
  count(message: string): number;
}

const LEVELS: readonly LogLine['level'][] = ['debug', 'info', 'warn', 'error'];

export function recordingLogger({ allLevels = false } = {}): RecordingLogger {
  const lines: LogLine[] = [];
  const record = (line: LogLine) => {
    if (allLevels || line.level === 'warn' || line.level === 'error') lines.push(line);
  };
  const at =
    (level: LogLine['level']): LogMethod =>
    (fields, message) =>
      record({ level, fields, message });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    write(json) {
      const { level, msg, ...fields } = JSON.parse(json) as Record<string, unknown>;
      if (!LEVELS.includes(level as LogLine['level'])) throw new Error(`not a pino line with a level label: ${json}`);
      record({ level: level as LogLine['level'], fields, ...(typeof msg === 'string' ? { message: msg } : {}) });
    },
    count: (message) => lines.filter((line) => line.message === message).length,
  };
}
