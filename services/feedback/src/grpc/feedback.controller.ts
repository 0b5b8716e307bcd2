import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type FeedbackController,
  FeedbackControllerMethods,
  type GetModelMetricsRequest,
  type GetModelMetricsResponse,
  type RequestRetrainingRequest,
  type RequestRetrainingResponse,
  type SubmitLabelsRequest,
  type SubmitLabelsResponse,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { FeedbackService } from '../domain/feedback-service.js';

/** gRPC face of the feedback service: decode → domain → encode; errors become statuses in the filter. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeedbackControllerMethods()
export class FeedbackGrpcController implements FeedbackController {
  constructor(@Inject(FeedbackService) private readonly feedback: FeedbackService) {}

  async getModelMetrics(request: GetModelMetricsRequest): Promise<GetModelMetricsResponse> {
    const report = await this.feedback.getModelMetrics(request);
    return {
      windowStart: new Date(report.windowStartMs).toISOString(),
      windowEnd: new Date(report.windowEndMs).toISOString(),
      metrics: report.metrics.map(({ modelVersion, arm, segment, metrics }) => ({
        modelVersion,
        arm,
        segment,
        ...metrics,
      })),
      comparisons: report.comparisons,
      forecastAccuracy: report.forecastAccuracy,
      classifierAccuracy: report.classifierAccuracy,
    };
  }

  async requestRetraining(request: RequestRetrainingRequest): Promise<RequestRetrainingResponse> {
    const at = await this.feedback.requestRetraining(request.model, request.reason);
    return { requestedAt: at.toISOString() };
  }

  async submitLabels(request: SubmitLabelsRequest): Promise<SubmitLabelsResponse> {
    return { stored: await this.feedback.submitLabels(request.labels) };
  }
}
