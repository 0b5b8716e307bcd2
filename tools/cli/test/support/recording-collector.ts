import 'reflect-metadata';
import type { Metadata } from '@grpc/grpc-js';
import { Controller, UseFilters } from '@nestjs/common';
import {
  type CollectorController,
  CollectorControllerMethods,
  CollectorService,
  type Event,
  type ItemUpsert,
  type TrackBatchRequest,
  type TrackRequest,
  type UpsertItemsRequest,
} from '@demand/contracts';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { startGrpcTestServer } from '@demand/grpc-server/testing';

/**
 * What the recording collector took: events and items, each TrackBatch call's size, and one log of
 * both methods in the order the server saw them (`track u-1` when a call came, `answer u-1` when it
 * was answered, `items i-9`), users and items named in the order of the call's lines, and the calls' headers.
 */
export const received = {
  events: [] as Event[],
  items: [] as ItemUpsert[],
  calls: [] as number[],
  log: [] as string[],
  /** Each TrackBatch call's `authorization` header ('' when it had none). */
  authorization: [] as string[],
};

/** What the collector does with a TrackBatch call before it records it (a test sets it, and puts it back). */
export const hooks = { beforeTrackBatch: async (_request: TrackBatchRequest): Promise<void> => undefined };

const users = (events: readonly Event[]) => [...new Set(events.map((e) => e.userId))].join(',');

@Controller()
@UseFilters(GrpcExceptionFilter)
@CollectorControllerMethods()
class RecordingCollector implements CollectorController {
  async track(req: TrackRequest) {
    return { eventId: req.event?.eventId ?? '' };
  }
  async trackBatch(req: TrackBatchRequest, metadata?: Metadata) {
    received.authorization.push(String(metadata?.get('authorization')[0] ?? ''));
    received.log.push(`track ${users(req.events)}`);
    await hooks.beforeTrackBatch(req);
    received.events.push(...req.events);
    received.calls.push(req.events.length);
    received.log.push(`answer ${users(req.events)}`);
    return { accepted: req.events.length };
  }
  async upsertItems(req: UpsertItemsRequest) {
    received.items.push(...req.items);
    received.log.push(`items ${req.items.map((i) => i.itemId).join(',')}`);
    return { accepted: req.items.length };
  }
}

/** Runs `body` against a recording collector on a free port. */
export async function withCollector(body: (address: string) => Promise<void>): Promise<void> {
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Collector': CollectorService },
    controllers: [RecordingCollector],
  });
  try {
    await body(server.address);
  } finally {
    await server.close();
  }
}

/** Clears what the collector took. */
export function forgetReceived(): void {
  for (const list of Object.values(received)) list.length = 0;
}
