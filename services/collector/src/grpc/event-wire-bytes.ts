import { BinaryReader } from '@bufbuild/protobuf/wire';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { Event, type TrackBatchRequest } from '@demand/contracts';

/** Each decoded TrackBatch event's bytes as the client sent them (slices of the request, not copies). */
const wireBytes = new WeakMap<Event, Uint8Array>();

/** The event's bytes as received in a TrackBatch request, if it came in one and was not changed since. */
export function wireBytesOf(event: Event): Uint8Array | undefined {
  return wireBytes.get(event);
}

/**
 * TrackBatchRequest.decode that also remembers each event's bytes, so the raw topic's record can
 * be assembled from them instead of encoding every event again. Field 1 is the only field; any
 * other is skipped, as ts-proto's decoder does.
 */
export function decodeTrackBatchKeepingBytes(bytes: Uint8Array): TrackBatchRequest {
  const reader = new BinaryReader(bytes);
  const events: Event[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag !== 10) {
      if ((tag & 7) === 4 || tag === 0) break;
      reader.skip(tag & 7);
      continue;
    }
    const slice = reader.bytes();
    const event = Event.decode(slice);
    wireBytes.set(event, slice);
    events.push(event);
  }
  return { events };
}

/** The collector's service definition with TrackBatch decoded by `decodeTrackBatchKeepingBytes`. */
export function keepingTrackBatchBytes<S extends ServiceDefinition>(service: S): S {
  const trackBatch = service['trackBatch'];
  if (!trackBatch) throw new Error('the service has no trackBatch method');
  return { ...service, trackBatch: { ...trackBatch, requestDeserialize: decodeTrackBatchKeepingBytes } };
}
