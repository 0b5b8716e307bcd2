import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type CollectorController,
  CollectorControllerMethods,
  type TrackBatchRequest,
  type TrackBatchResponse,
  type TrackRequest,
  type TrackResponse,
  type UpsertItemsRequest,
  type UpsertItemsResponse,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { EventIntake } from '../domain/event-intake.js';
import { AdmissionInterceptor } from './admission.interceptor.js';
import { receivedBytesOf } from './event-wire-bytes.js';

/** gRPC face of the collector: decode, call the intake, encode. Repeats count as accepted (acknowledged). */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor, AdmissionInterceptor)
@CollectorControllerMethods()
export class CollectorGrpcController implements CollectorController {
  constructor(@Inject(EventIntake) private readonly intake: EventIntake) {}

  async track(request: TrackRequest): Promise<TrackResponse> {
    return { eventId: await this.intake.track(request.event) };
  }

  async trackBatch(request: TrackBatchRequest): Promise<TrackBatchResponse> {
    return { accepted: (await this.intake.trackBatch(request.events, receivedBytesOf(request))).acknowledged };
  }

  async upsertItems(request: UpsertItemsRequest): Promise<UpsertItemsResponse> {
    return { accepted: await this.intake.upsertItems(request.items) };
  }
}
