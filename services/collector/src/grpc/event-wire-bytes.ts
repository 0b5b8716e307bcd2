import type { ServiceDefinition } from '@grpc/grpc-js';
import { decodeEventList, type TrackBatchRequest } from '@demand/contracts';

const RECEIVED_BYTES = Symbol('receivedBytes');

/** A TrackBatch request with each event's bytes as the client sent them (slices of the request, not copies). */
interface ReceivedTrackBatch extends TrackBatchRequest {
  readonly [RECEIVED_BYTES]: Uint8Array[];
}

/** The request's events' bytes as received, in order, when it was decoded by `decodeTrackBatchKeepingBytes`. */
export function receivedBytesOf(request: TrackBatchRequest): readonly Uint8Array[] | undefined {
  return (request as Partial<ReceivedTrackBatch>)[RECEIVED_BYTES];
}

/**
 * TrackBatchRequest.decode that also keeps each event's bytes, so the raw topic's record can be
 * assembled from them instead of encoding every event again. Field 1 is the only field; any
 * other is skipped, as ts-proto's decoder does.
 */
export function decodeTrackBatchKeepingBytes(bytes: Uint8Array): TrackBatchRequest {
  const received: Uint8Array[] = [];
  const request: ReceivedTrackBatch = { events: decodeEventList(bytes, received), [RECEIVED_BYTES]: received };
  return request;
}

/** The collector's service definition with TrackBatch decoded by `decodeTrackBatchKeepingBytes`. */
export function keepingTrackBatchBytes<S extends ServiceDefinition>(service: S): S {
  const trackBatch = service['trackBatch'];
  if (!trackBatch) throw new Error('the service has no trackBatch method');
  return { ...service, trackBatch: { ...trackBatch, requestDeserialize: decodeTrackBatchKeepingBytes } };
}
