import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
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

const TRACK_BATCH = CollectorService.trackBatch.path.slice(1);

/**
 * gRPC face of the collector: decode, call the intake, encode. Repeats count as accepted (acknowledged).
 * TrackBatch, the call every shop's events come through, is answered directly by the transport
 * (`answerDirectly`): the admission and GrpcCallRecorder run in `answerTrackBatch` as the interceptors run
 * for the other methods, errors map to the same statuses, and the API-key guard runs at the server for all.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor, AdmissionInterceptor)
@CollectorControllerMethods()
export class CollectorGrpcController implements CollectorController {
  private readonly calls: GrpcCallRecorder;

  constructor(
    @Inject(EventIntake) private readonly intake: EventIntake,
    @Inject(Admission) private readonly admission: Admission,
    @Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry,
    @Inject(GRPC_TRANSPORT) transport: GrpcTransport,
  ) {
    this.calls = new GrpcCallRecorder(telemetry);
    transport.answerDirectly(CollectorService.trackBatch.path, (request, metadata) =>
      this.answerTrackBatch(request as TrackBatchRequest, metadata),
    );
  }

  async track(request: TrackRequest): Promise<TrackResponse> {
    return { eventId: await this.intake.track(request.event) };
  }

  /** Declared for Nest's method table; the transport answers TrackBatch with `answerTrackBatch`. */
  async trackBatch(request: TrackBatchRequest): Promise<TrackBatchResponse> {
    return { accepted: (await this.intake.trackBatch(request.events, receivedBytesOf(request))).acknowledged };
  }

  async upsertItems(request: UpsertItemsRequest): Promise<UpsertItemsResponse> {
    return { accepted: await this.intake.upsertItems(request.items) };
  }

  private answerTrackBatch(request: TrackBatchRequest, metadata: Metadata): Promise<TrackBatchResponse> {
    return this.calls.run(TRACK_BATCH, metadata, () =>
      this.admission.whileAdmitted(request.events.length, () => this.trackBatch(request)),
    );
  }
}
