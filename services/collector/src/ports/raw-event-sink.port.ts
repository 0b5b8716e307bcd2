import type { Event } from '@demand/contracts';

/**
 * Where accepted events go; resolves once they are durably accepted downstream. `received`, when
 * given, holds each event's bytes as the client sent them (same order), the event unchanged since
 * but for `receivedAt`; an entry left undefined is encoded. `partitions`, when given, holds each
 * event's raw-topic partition as `rawPartitionOf` computed it already (not computed again).
 */
export interface RawEventSink {
  write(
    events: readonly Event[],
    received?: readonly (Uint8Array | undefined)[],
    partitions?: readonly number[],
  ): Promise<void>;
}

export const RAW_EVENT_SINK = Symbol('RawEventSink');
