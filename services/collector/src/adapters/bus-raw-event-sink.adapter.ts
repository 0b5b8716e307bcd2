import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Topics, type Event } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import { wireBytesOf } from '../grpc/event-wire-bytes.js';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';

/**
 * Writes accepted events to events.raw.v1, one batched record per partition; resolves when the
 * broker acknowledged them. An event that came in a TrackBatch request is written as the bytes the
 * client sent followed by the stamped `received_at` (a later field replaces an earlier one), so it
 * is not encoded again; the intake changes nothing else on it. Others are encoded.
 */
export class BusRawEventSink implements RawEventSink {
  private stamp: { at: Date; field: Uint8Array } | undefined;

  constructor(private readonly bus: EventBus) {}

  write(events: readonly Event[]): Promise<void> {
    return this.bus.publish(Topics.eventsRaw, events, { batched: true, encodedParts: this.encodedParts });
  }

  private readonly encodedParts = (event: Event): readonly Uint8Array[] | undefined => {
    const wire = wireBytesOf(event);
    if (wire === undefined || event.receivedAt === undefined) return undefined;
    return [wire, this.receivedAtField(event.receivedAt)];
  };

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
