import { FeaturesService, type FeaturesServer, type GetItemStatsRequest, type ItemStats } from '@demand/contracts';
import { unary, type GrpcMetrics, type GrpcServiceBinding } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { Aggregator } from '../domain/aggregator.js';

/** gRPC face of the aggregates. */
export function featuresBinding(
  aggregator: Aggregator,
  transport: { logger: Logger; metrics: GrpcMetrics },
): GrpcServiceBinding {
  const implementation: FeaturesServer = {
    getItemStats: unary<GetItemStatsRequest, ItemStats>(
      'demand.v1.Features/GetItemStats',
      (req) => aggregator.itemStats(req),
      transport,
    ),
  };
  return { name: 'demand.v1.Features', definition: FeaturesService, implementation };
}
