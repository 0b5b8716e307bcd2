import type { Event } from '@demand/contracts';

/**
 * Where accepted events go; resolves once they are durably accepted downstream. `received`, when
 * given, holds each event's bytes as the client sent them (same order), the event unchanged since
 * but for `receivedAt`; an entry left undefined is encoded.
 */
export interface RawEventSink {
  write(events: readonly Event[], received?: readonly (Uint8Array | undefined)[]): Promise<void>;
}

export const RAW_EVENT_SINK = Symbol('RawEventSink');
