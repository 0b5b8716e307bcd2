import type { DestinationStream } from 'pino';

/**
 * The console's share of the services' logs: each warning or error as one plain line
 * (`warn  embedder: execution provider unavailable; … (cpu)`), the JSON stays in the log file.
 * kafkajs's own lines (connection attempts while the broker starts, rebalances) stay in the
 * file only: they are the client's retries, and the services report what fails for good.
 */
export function consoleProblems(write: (line: string) => void): DestinationStream {
  return {
    write(json: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(json) as Record<string, unknown>;
      } catch {
        write(json.trimEnd());
        return;
      }
      if (entry.component === 'kafkajs') return;
      write(plainLine(entry));
    },
  };
}

function plainLine(entry: Record<string, unknown>): string {
  const level = String(entry.level ?? 'warn').padEnd(5);
  const reason = entry.err ?? entry.error ?? entry.reason;
  const why = typeof reason === 'string' ? ` (${reason.split('\n')[0]})` : '';
  return `${level} ${String(entry.service ?? '')}: ${String(entry.msg ?? '')}${why}`;
}
