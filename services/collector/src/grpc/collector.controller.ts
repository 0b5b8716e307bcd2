import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type CollectorController,
  CollectorControllerMethods,
  CollectorService,
  type TrackBatchRequest,
  type TrackBatchResponse,
  type TrackRequest,
  type TrackResponse,
  type UpsertItemsRequest,
  type UpsertItemsResponse,
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
import { Admission } from '../domain/admission.js';
import { EventIntake } from '../domain/event-intake.js';
import { AdmissionInterceptor } from './admission.interceptor.js';
import { receivedBytesOf } from './event-wire-bytes.js';

/**
 * gRPC face of the collector: decode, call the intake, encode. Repeats count as accepted (acknowledged).
 * TrackBatch, the call every shop's events come through, is answered directly by the transport
 * (`answerDirectlyRecorded`): recorded by GrpcCallRecorder and admitted in `answerTrackBatch` as the interceptors
 * do for the other methods, errors map to the same statuses, and the API-key guard runs at the server for all.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor, AdmissionInterceptor)
@CollectorControllerMethods()
export class CollectorGrpcController implements CollectorController {
  constructor(
    @Inject(EventIntake) private readonly intake: EventIntake,
    @Inject(Admission) private readonly admission: Admission,
    @Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry,
    @Inject(GRPC_TRANSPORT) transport: GrpcTransport,
  ) {
    answerDirectlyRecorded(transport, new GrpcCallRecorder(telemetry), CollectorService.trackBatch.path, (request) =>
      this.answerTrackBatch(request as TrackBatchRequest),
    );
  }

  async track(request: TrackRequest): Promise<TrackResponse> {
    return { eventId: await this.intake.track(request.event) };
  }

  /** Declared for Nest's method table; the transport answers TrackBatch with `answerTrackBatch`, which runs this. */
  async trackBatch(request: TrackBatchRequest): Promise<TrackBatchResponse> {
    return { accepted: (await this.intake.trackBatch(request.events, receivedBytesOf(request))).acknowledged };
  }

  async upsertItems(request: UpsertItemsRequest): Promise<UpsertItemsResponse> {
    return { accepted: await this.intake.upsertItems(request.items) };
  }

  /** TrackBatch as the transport answers it: admitted here, as AdmissionInterceptor admits the other calls. */
  private answerTrackBatch(request: TrackBatchRequest): Promise<TrackBatchResponse> {
    return this.admission.whileAdmitted(request.events.length, () => this.trackBatch(request));
  }
}
