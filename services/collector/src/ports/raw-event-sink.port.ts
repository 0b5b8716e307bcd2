import type { Event } from '@demand/contracts';

/**
 * Where accepted events go; resolves once they are durably accepted downstream. `received`, when
 * given, holds each event's bytes as the client sent them (same order), the event unchanged since
 * but for `receivedAt`.
 */
export interface RawEventSink {
  write(events: readonly Event[], received?: readonly Uint8Array[]): Promise<void>;
}

export const RAW_EVENT_SINK = Symbol('RawEventSink');
