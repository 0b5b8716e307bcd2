import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AnalyticsStoreError } from '../analytics-store.error.js';

/** chdb refuses a second data directory in one process with this wording. */
const ANOTHER_DIRECTORY_OPEN = 'only one active data directory per process';

/**
 * While an engine runs on a data directory it keeps `status` there (its PID, start time) and
 * locks it; the file goes when the engine closes. chdb reports a lock failure only as
 * "Failed to create connection", so the file is what tells a locked directory apart.
 */
function holderOf(directory: string): { pid: string | undefined } | undefined {
  let status: string;
  try {
    status = readFileSync(path.join(directory, 'status'), 'utf8');
  } catch {
    return undefined;
  }
  return { pid: /^PID:\s*(\d+)/m.exec(status)?.[1] };
}

/** Explains why chdb could not open `directory`, in words an operator can act on. */
export function chdbOpenError(directory: string, error: unknown): AnalyticsStoreError {
  const detail = Error.isError(error) ? error.message : String(error);
  if (detail.includes(ANOTHER_DIRECTORY_OPEN)) {
    return new AnalyticsStoreError(
      `cannot open ClickHouse data directory ${directory}: this process already has chdb open on another data directory ` +
        `(chdb serves one data directory per process; share one store instance) — ${detail}`,
      { cause: error },
    );
  }
  const holder = holderOf(directory);
  if (holder) {
    const who = holder.pid === undefined ? 'another process' : `another process (pid ${holder.pid})`;
    return new AnalyticsStoreError(
      `cannot open ClickHouse data directory ${directory}: it is locked by ${who}. ` +
        'chdb lets one process at a time use a data directory; stop that process or give this one another directory.',
      { transient: true, type: 'CANNOT_OPEN_FILE', code: '76', cause: error },
    );
  }
  return new AnalyticsStoreError(`cannot open ClickHouse data directory ${directory}: ${detail}`, { cause: error });
}
