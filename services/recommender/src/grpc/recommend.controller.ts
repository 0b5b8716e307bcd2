import {
  type RecommendRequest,
  type RecommendResponse,
  type RecommendServer,
  RecommendService as RecommendDefinition,
  type SimilarItemsRequest,
  type SimilarItemsResponse,
} from '@demand/contracts';
import { type GrpcMetrics, type GrpcServiceBinding, unary } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { RecommendService } from '../domain/recommend-service.js';

/** gRPC face of the recommender: decode → domain → encode; errors map to statuses in one place. */
export function recommendBinding(
  service: RecommendService,
  transport: { logger: Logger; metrics: GrpcMetrics },
): GrpcServiceBinding {
  const implementation: RecommendServer = {
    recommend: unary<RecommendRequest, RecommendResponse>(
      'demand.v1.Recommend/Recommend',
      (req) => service.recommend(req),
      transport,
    ),
    similarItems: unary<SimilarItemsRequest, SimilarItemsResponse>(
      'demand.v1.Recommend/SimilarItems',
      (req) => service.similarItems(req),
      transport,
    ),
  };
  return { name: 'demand.v1.Recommend', definition: RecommendDefinition, implementation };
}
