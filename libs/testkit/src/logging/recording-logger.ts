export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message?: string;
}

type LogMethod = (fields: Record<string, unknown>, message?: string) => void;

/**
 * Remembers warnings and errors (every level with `allLevels`) and prints nothing. Called as a logger (fields, then
 * the message: pino's convention), or handed to pino as its destination (`createLogger({ destination })`): each JSON
 * line it writes is read back into the same form (pino's fatal as an error, its trace as debug).
 */
export interface RecordingLogger {
  readonly lines: LogLine[];
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** pino's destination: one JSON line, its level as a label. */
  write(json: string): void;
  /** Lines logged with exactly this message; throws when one was logged at a level this logger does not keep. */
  count(message: string): number;
}

/** pino's level labels, as the levels kept. */
const LEVELS: Readonly<Record<string, LogLine['level']>> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
};

export function recordingLogger({ allLevels = false } = {}): RecordingLogger {
  const lines: LogLine[] = [];
  /** Messages logged at a level not kept, and that level: counting them would say 0 whatever was logged. */
  const unkept = new Map<string, LogLine['level']>();
  const record = (line: LogLine) => {
    if (allLevels || line.level === 'warn' || line.level === 'error') lines.push(line);
    else if (line.message !== undefined) unkept.set(line.message, line.level);
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
      const { level: label, msg, ...fields } = JSON.parse(json) as Record<string, unknown>;
      const level = typeof label === 'string' ? LEVELS[label] : undefined;
      if (level === undefined) throw new Error(`not a pino line with a level label: ${json}`);
      record({ level, fields, ...(typeof msg === 'string' ? { message: msg } : {}) });
    },
    count(message) {
      const level = unkept.get(message);
      if (level !== undefined) {
        throw new Error(`'${message}' was logged at ${level}, which this logger does not keep (allLevels keeps it)`);
      }
      return lines.filter((line) => line.message === message).length;
    },
  };
}
