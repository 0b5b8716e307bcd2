import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import {
  type RecommendController,
  RecommendControllerMethods,
  type RecommendRequest,
  type RecommendResponse,
  RecommendService as RecommendDefinition,
  type SimilarItemsRequest,
  type SimilarItemsResponse,
} from '@demand/contracts';
import {
  GRPC_CALL_TELEMETRY,
  type GrpcCallTelemetry,
  GrpcCallRecorder,
  GrpcExceptionFilter,
} from '@demand/grpc-server';
import { RecommendService } from '../domain/recommend-service.js';

const RECOMMEND = RecommendDefinition.recommend.path.slice(1);
const SIMILAR_ITEMS = RecommendDefinition.similarItems.path.slice(1);

/**
 * gRPC face of the recommender: decode → domain → encoded answer; errors map to statuses in the filter.
 * Each call is recorded by GrpcCallRecorder in the handler rather than by GrpcCallInterceptor, so Nest
 * runs no interceptor pipeline around a call the service answers from memory.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@RecommendControllerMethods()
export class RecommendGrpcController implements RecommendController {
  private readonly calls: GrpcCallRecorder;

  constructor(
    @Inject(RecommendService) private readonly service: RecommendService,
    @Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry,
  ) {
    this.calls = new GrpcCallRecorder(telemetry);
  }

  /** Answers with the bytes encoded where the list was computed: the transport sends them as they are. */
  recommend(request: RecommendRequest, metadata?: Metadata): Promise<RecommendResponse> {
    return this.calls.run(RECOMMEND, metadata, () =>
      this.service.answer(request),
    ) as Promise<unknown> as Promise<RecommendResponse>;
  }

  similarItems(request: SimilarItemsRequest, metadata?: Metadata): Promise<SimilarItemsResponse> {
    return this.calls.run(SIMILAR_ITEMS, metadata, () => this.service.similarItems(request));
  }
}
