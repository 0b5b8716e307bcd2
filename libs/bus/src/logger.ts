/** One log call: structured fields first, then the message (pino's calling convention). */
export type LogMethod = (fields: Record<string, unknown>, message?: string) => void;

/** What the bus needs from a logger; a pino logger satisfies it. */
export interface BusLogger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}
