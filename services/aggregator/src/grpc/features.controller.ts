import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type FeaturesController,
  FeaturesControllerMethods,
  FeaturesService as FeaturesDefinition,
  type GetItemProfileRequest,
  type GetItemStatsRequest,
  type GetReviewInsightsRequest,
  type GetUserProfileRequest,
  type ItemProfile,
  type ItemStats,
  type ListSegmentsRequest,
  type ReviewInsights as ReviewInsightsAnswer,
  type SegmentList,
  type UserProfile,
} from '@demand/contracts';
import {
  answerDirectlyRecorded,
  GRPC_CALL_TELEMETRY,
  GrpcCallInterceptor,
  GrpcCallRecorder,
  type GrpcCallTelemetry,
  GrpcExceptionFilter,
  type GrpcTransport,
} from '@demand/grpc-server';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import { Aggregator } from '../domain/aggregator.js';
import { ProfileCache } from '../domain/profiles.js';
import { ReviewInsights } from '../domain/review-insights.js';

/**
 * gRPC face of the aggregates. GetUserProfile, the read served thousands of times a second from memory, is
 * answered directly by the transport (`answerDirectly`) and recorded by GrpcCallRecorder, without Nest's context
 * creator and interceptor pipeline; errors map to the same statuses there. The other methods go through Nest.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeaturesControllerMethods()
export class FeaturesGrpcController implements FeaturesController {
  constructor(
    @Inject(Aggregator) private readonly aggregator: Aggregator,
    @Inject(ProfileCache) private readonly profiles: ProfileCache,
    @Inject(ReviewInsights) private readonly reviewInsights: ReviewInsights,
    @Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry,
    @Inject(GRPC_TRANSPORT) transport: GrpcTransport,
  ) {
    answerDirectlyRecorded(
      transport,
      new GrpcCallRecorder(telemetry),
      FeaturesDefinition.getUserProfile.path,
      (request: GetUserProfileRequest) => this.answerUserProfile(request),
    );
  }

  getReviewInsights(request: GetReviewInsightsRequest): Promise<ReviewInsightsAnswer> {
    return this.reviewInsights.insights(request);
  }

  getItemStats(request: GetItemStatsRequest): Promise<ItemStats> {
    return this.aggregator.itemStats(request);
  }

  /**
   * Declared for Nest's method table only: the transport answers GetUserProfile with `answerUserProfile` (the
   * profile's bytes from memory, encoded once per refresh) before Nest sees the call.
   */
  getUserProfile(request: GetUserProfileRequest): UserProfile {
    return this.profiles.encodedUserProfile(request.userId) as unknown as UserProfile;
  }

  private async answerUserProfile(request: GetUserProfileRequest): Promise<Buffer> {
    return this.profiles.encodedUserProfile(request.userId);
  }

  getItemProfile(request: GetItemProfileRequest): ItemProfile {
    return this.profiles.itemProfile(request.itemId);
  }

  listSegments(request: ListSegmentsRequest): SegmentList {
    return this.profiles.segments(request.pointLimit);
  }
}
