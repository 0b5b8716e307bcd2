import type { CleanEvent } from '@demand/contracts';

/** Where cleaned events go; resolves once they are durably accepted downstream. */
export interface CleanEventSink {
  write(events: readonly CleanEvent[]): Promise<void>;
}

export const CLEAN_EVENT_SINK = Symbol('CleanEventSink');
