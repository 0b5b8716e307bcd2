import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type RecommendController,
  RecommendControllerMethods,
  type RecommendRequest,
  type RecommendResponse,
  type SimilarItemsRequest,
  type SimilarItemsResponse,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { RecommendService } from '../domain/recommend-service.js';

/** gRPC face of the recommender: decode → domain → encode; errors map to statuses in the filter. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@RecommendControllerMethods()
export class RecommendGrpcController implements RecommendController {
  constructor(@Inject(RecommendService) private readonly service: RecommendService) {}

  recommend(request: RecommendRequest): Promise<RecommendResponse> {
    return this.service.recommend(request);
  }

  similarItems(request: SimilarItemsRequest): Promise<SimilarItemsResponse> {
    return this.service.similarItems(request);
  }
}
