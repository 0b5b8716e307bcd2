import { type Event, Topics, type TopicDefinition } from '@demand/contracts';
import type { BusLogger } from '../src/logger.js';

export { eventually, viewEvent } from '@demand/testkit';

/** A topic shaped like events.raw.v1 under a name of the test's own. */
export function testTopic(name: string, partitions = 3): TopicDefinition<Event> {
  return { ...Topics.eventsRaw, name, dlq: `${name}.dlq`, partitions };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message?: string;
}

/** A logger that remembers warnings and errors, or every level with `allLevels` (and prints nothing). */
export function recordingLogger({ allLevels = false } = {}): BusLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (fields: Record<string, unknown>, message?: string) => {
    if (allLevels || level === 'warn' || level === 'error') lines.push({ level, fields, message });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function transientError(message: string): Error {
  return Object.assign(new Error(message), { transient: true });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
