import type { Event } from '@demand/contracts';

/** Where accepted events go; resolves once they are durably accepted downstream. */
export interface RawEventSink {
  write(events: readonly Event[]): Promise<void>;
}

export const RAW_EVENT_SINK = Symbol('RawEventSink');
