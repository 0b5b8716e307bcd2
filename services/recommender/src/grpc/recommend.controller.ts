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
  answerDirectlyRecorded,
  GRPC_CALL_TELEMETRY,
  type GrpcCallTelemetry,
  GrpcCallRecorder,
  GrpcExceptionFilter,
  type GrpcTransport,
} from '@demand/grpc-server';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import { RecommendService } from '../domain/recommend-service.js';

const SIMILAR_ITEMS = RecommendDefinition.similarItems.path.slice(1);

/**
 * gRPC face of the recommender: decode → domain → encoded answer; errors map to statuses in the filter.
 * Each call is recorded by GrpcCallRecorder in the handler rather than by GrpcCallInterceptor, so Nest
 * runs no interceptor pipeline around a call the service answers from memory; Recommend, the call served
 * a thousand times a second, is answered directly by the transport (`answerDirectly`), without Nest's
 * context creator either: errors map to the same statuses there.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@RecommendControllerMethods()
export class RecommendGrpcController implements RecommendController {
  private readonly calls: GrpcCallRecorder;

  constructor(
    @Inject(RecommendService) private readonly service: RecommendService,
    @Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry,
    @Inject(GRPC_TRANSPORT) transport: GrpcTransport,
  ) {
    this.calls = new GrpcCallRecorder(telemetry);
    answerDirectlyRecorded(transport, this.calls, RecommendDefinition.recommend.path, (request: RecommendRequest) =>
      this.recommend(request),
    );
  }

  /**
   * Declared for Nest's method table; the transport answers Recommend with it (`answerDirectlyRecorded`). Answers
   * with the bytes encoded where the list was computed: the transport sends them as they are.
   */
  recommend(request: RecommendRequest): Promise<RecommendResponse> {
    return this.service.answer(request) as Promise<unknown> as Promise<RecommendResponse>;
  }

  similarItems(request: SimilarItemsRequest, metadata?: Metadata): Promise<SimilarItemsResponse> {
    return this.calls.run(SIMILAR_ITEMS, metadata, () => this.service.similarItems(request));
  }
}
