import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type FeedbackController,
  FeedbackControllerMethods,
  type GetIntentMixRequest,
  type GetMetricsOverTimeRequest,
  type IntentMix,
  type GetModelMetricsRequest,
  type GetModelMetricsResponse,
  type MetricsOverTime,
  type RequestRetrainingRequest,
  type RequestRetrainingResponse,
  type SubmitLabelsRequest,
  type SubmitLabelsResponse,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { FeedbackService } from '../domain/feedback-service.js';
import { ModelHistory } from '../domain/model-history.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** gRPC face of the feedback service: decode → domain → encode; errors become statuses in the filter. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeedbackControllerMethods()
export class FeedbackGrpcController implements FeedbackController {
  constructor(
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(ModelHistory) private readonly history: ModelHistory,
  ) {}

  async getModelMetrics(request: GetModelMetricsRequest): Promise<GetModelMetricsResponse> {
    const report = await this.feedback.getModelMetrics(request);
    const history = await this.history.read();
    return {
      windowStart: iso(report.windowStartMs),
      windowEnd: iso(report.windowEndMs),
      metrics: report.metrics.map(({ modelVersion, arm, segment, metrics }) => ({
        modelVersion,
        arm,
        segment,
        ...metrics,
      })),
      comparisons: report.comparisons,
      forecastAccuracy: report.forecastAccuracy,
      classifierAccuracy: report.classifierAccuracy,
      versions: history.versions.map(({ receivedAtMs, ...v }) => ({ ...v, receivedAt: iso(receivedAtMs) })),
      decisions: history.decisions.map(({ decidedAtMs, ...d }) => ({ ...d, decidedAt: iso(decidedAtMs) })),
      drift: history.drift.map(({ checkedAtMs, ...f }) => ({ ...f, checkedAt: iso(checkedAtMs) })),
      trainingRequests: history.trainingRequests.map(({ requestedAtMs, ...r }) => ({
        ...r,
        requestedAt: iso(requestedAtMs),
      })),
    };
  }

  async getMetricsOverTime(request: GetMetricsOverTimeRequest): Promise<MetricsOverTime> {
    const { fromMs, toMs, days } = await this.feedback.metricsOverTime(request);
    return {
      fromDay: iso(fromMs).slice(0, 10),
      windowEnd: iso(toMs),
      days: days.map(({ day, modelVersion, arm, metrics }) => ({
        day,
        metrics: { modelVersion, arm, segment: '', ...metrics },
      })),
    };
  }

  async getIntentMix(request: GetIntentMixRequest): Promise<IntentMix> {
    const { fromMs, days, turns } = await this.feedback.intentMix(request);
    return { fromDay: iso(fromMs).slice(0, 10), days, turns };
  }

  async requestRetraining(request: RequestRetrainingRequest): Promise<RequestRetrainingResponse> {
    const at = await this.feedback.requestRetraining(request.model, request.reason);
    return { requestedAt: at.toISOString() };
  }

  async submitLabels(request: SubmitLabelsRequest): Promise<SubmitLabelsResponse> {
    return { stored: await this.feedback.submitLabels(request.labels) };
  }
}
