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

/** gRPC face of the recommender: decode → domain → encoded answer; errors map to statuses in the filter. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@RecommendControllerMethods()
export class RecommendGrpcController implements RecommendController {
  constructor(@Inject(RecommendService) private readonly service: RecommendService) {}

  /** Answers with the bytes encoded where the list was computed: the transport sends them as they are. */
  recommend(request: RecommendRequest): Promise<RecommendResponse> {
    return this.service.answer(request) as Promise<unknown> as Promise<RecommendResponse>;
  }

  similarItems(request: SimilarItemsRequest): Promise<SimilarItemsResponse> {
    return this.service.similarItems(request);
  }
}
