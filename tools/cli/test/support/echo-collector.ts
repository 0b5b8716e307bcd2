import 'reflect-metadata';
import { Controller, UseFilters } from '@nestjs/common';
import { type CollectorController, CollectorControllerMethods, type TrackRequest } from '@demand/contracts';
import { GrpcExceptionFilter } from '@demand/grpc-server';

/** A collector that answers Track with the event's id: what a guarded server lets through, and nothing more. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@CollectorControllerMethods()
export class EchoCollector implements CollectorController {
  async track(req: TrackRequest) {
    return { eventId: req.event?.eventId ?? '' };
  }
  async trackBatch() {
    return { accepted: 0 };
  }
  async upsertItems() {
    return { accepted: 0 };
  }
}

export const trackJson = JSON.stringify({
  event: { eventId: 'e-1', userId: 'u-1', occurredAt: '2026-11-23T10:00:00Z', view: { itemId: 'i-1' } },
});
