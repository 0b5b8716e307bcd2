import { BinaryWriter, Topics, type Event } from '@demand/contracts';
import { type EventBus, partitionOfKey } from '@demand/bus';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';

/**
 * Writes accepted events to events.raw.v1, one batched record per partition; resolves when the
 * broker acknowledged them. Events given with their received bytes are written as those bytes
 * followed by the stamped `received_at` (a later field replaces an earlier one), so they are not
 * encoded again; others are encoded.
 */
export class BusRawEventSink implements RawEventSink {
  private stamp: { at: Date; field: Uint8Array } | undefined;

  constructor(private readonly bus: EventBus) {}

  write(
    events: readonly Event[],
    received?: readonly (Uint8Array | undefined)[],
    partitions?: readonly number[],
  ): Promise<void> {
    const known = partitions ? { partitions } : {};
    if (received === undefined) return this.bus.publish(Topics.eventsRaw, events, { batched: true, ...known });
    const encodedParts = (event: Event, index: number) => {
      const bytes = received[index];
      return bytes === undefined || event.receivedAt === undefined
        ? undefined
        : [bytes, this.receivedAtField(event.receivedAt)];
    };
    return this.bus.publish(Topics.eventsRaw, events, { batched: true, encodedParts, ...known });
  }

  /** Field 5 with seconds and nanos both written, so it replaces a client's value under protobuf's merge too. */
  private receivedAtField(at: Date): Uint8Array {
    if (this.stamp?.at !== at) {
      const ms = at.getTime();
      const field = new BinaryWriter()
        .uint32(42)
        .fork()
        .uint32(8)
        .int64(Math.trunc(ms / 1000))
        .uint32(16)
        .int32((ms % 1000) * 1_000_000)
        .join()
        .finish();
      this.stamp = { at, field };
    }
    return this.stamp.field;
  }
}

/** The raw topic's partition of an event, as a batched publish groups it. */
export function rawPartitionOf(event: Event): number {
  return partitionOfKey(Topics.eventsRaw.keyOf(event), Topics.eventsRaw.partitions);
}
