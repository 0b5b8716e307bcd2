import {
  CollectorService,
  type CollectorServer,
  type TrackBatchRequest,
  type TrackBatchResponse,
  type TrackRequest,
  type TrackResponse,
  type UpsertItemsRequest,
  type UpsertItemsResponse,
} from '@demand/contracts';
import { unary, type GrpcMetrics, type GrpcServiceBinding } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { EventIntake } from '../domain/event-intake.js';

/** gRPC face of the collector: decode, call the intake, encode. Repeats count as accepted (acknowledged). */
export function collectorBinding(
  intake: EventIntake,
  transport: { logger: Logger; metrics: GrpcMetrics },
): GrpcServiceBinding {
  const implementation: CollectorServer = {
    track: unary<TrackRequest, TrackResponse>(
      'demand.v1.Collector/Track',
      async (req) => ({ eventId: await intake.track(req.event) }),
      transport,
    ),
    trackBatch: unary<TrackBatchRequest, TrackBatchResponse>(
      'demand.v1.Collector/TrackBatch',
      async (req) => ({ accepted: (await intake.trackBatch(req.events)).acknowledged }),
      transport,
    ),
    upsertItems: unary<UpsertItemsRequest, UpsertItemsResponse>(
      'demand.v1.Collector/UpsertItems',
      async (req) => ({ accepted: await intake.upsertItems(req.items) }),
      transport,
    ),
  };
  return { name: 'demand.v1.Collector', definition: CollectorService, implementation };
}
