import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type FeaturesController,
  FeaturesControllerMethods,
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
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { Aggregator } from '../domain/aggregator.js';
import { ProfileCache } from '../domain/profiles.js';
import { ReviewInsights } from '../domain/review-insights.js';

/** gRPC face of the aggregates. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeaturesControllerMethods()
export class FeaturesGrpcController implements FeaturesController {
  constructor(
    @Inject(Aggregator) private readonly aggregator: Aggregator,
    @Inject(ProfileCache) private readonly profiles: ProfileCache,
    @Inject(ReviewInsights) private readonly reviewInsights: ReviewInsights,
  ) {}

  getReviewInsights(request: GetReviewInsightsRequest): Promise<ReviewInsightsAnswer> {
    return this.reviewInsights.insights(request);
  }

  getItemStats(request: GetItemStatsRequest): Promise<ItemStats> {
    return this.aggregator.itemStats(request);
  }

  /**
   * From memory: no query per request (the cache is refreshed in the background), encoded once per refresh;
   * the transport's serializer sends the bytes unchanged (`acceptEncodedResponses`).
   */
  getUserProfile(request: GetUserProfileRequest): UserProfile {
    return this.profiles.encodedUserProfile(request.userId) as unknown as UserProfile;
  }

  getItemProfile(request: GetItemProfileRequest): ItemProfile {
    return this.profiles.itemProfile(request.itemId);
  }

  listSegments(request: ListSegmentsRequest): SegmentList {
    return this.profiles.segments(request.pointLimit);
  }
}
