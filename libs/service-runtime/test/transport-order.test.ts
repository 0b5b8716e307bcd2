import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { Controller, Module, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  FeaturesClient,
  type FeaturesController,
  FeaturesControllerMethods,
  FeaturesService,
  type GetItemStatsRequest,
  type ItemStats,
  Topics,
} from '@demand/contracts';
import type { ConsumerSpec, EventBus, Subscription } from '@demand/bus';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { createLogger } from '@demand/telemetry';
import {
  busTransportProvider,
  ConsumeBatches,
  EVENT_BUS,
  type GrpcSettings,
  grpcTransportProviders,
  ServiceRuntimeModule,
  startService,
} from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeaturesControllerMethods()
class StatsController implements FeaturesController {
  async getItemStats(request: GetItemStatsRequest): Promise<ItemStats> {
    return { itemId: request.itemId, days: [] };
  }

  getUserProfile(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }

  getItemProfile(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }

  listSegments(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }

  getReviewInsights(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }
}

@Controller()
class CleanEventsConsumer {
  @ConsumeBatches({ groupId: 'order-test', topic: Topics.eventsClean })
  async handle() {}
}

/** A bus that records when its consumers subscribe and stop, and whether gRPC still answered then. */
function recordingBus(events: string[], grpcAnswers: () => Promise<boolean>): EventBus {
  return {
    publish: async () => undefined,
    ensureTopics: async () => undefined,
    isHealthy: () => true,
    watchAssignments: () => () => undefined,
    follow: async () => {
      throw new Error('not followed in this test');
    },
    close: async () => void events.push('bus closed'),
    subscribe: async <T>(spec: ConsumerSpec<T>): Promise<Subscription> => {
      events.push(`subscribed ${spec.groupId}@${spec.topic.name}`);
      return {
        groupId: spec.groupId,
        topic: spec.topic.name,
        stop: async () => void events.push(`consumer stopped; gRPC answering: ${await grpcAnswers()}`),
      };
    },
  };
}

/** The order test's service: a gRPC Features server and one consumer, on `grpc` over a keyless default. */
function startOrderService(events: string[], grpcAnswers: () => Promise<boolean>, grpc: Partial<GrpcSettings> = {}) {
  @Module({})
  class OrderModule {}
  return startService({
    name: 'order',
    module: {
      module: OrderModule,
      imports: [ServiceRuntimeModule.forRoot({ service: 'order', logger, collectProcessMetrics: false })],
      controllers: [StatsController, CleanEventsConsumer],
      providers: [
        { provide: EVENT_BUS, useValue: recordingBus(events, grpcAnswers) },
        busTransportProvider(),
        ...grpcTransportProviders(
          {
            TENANT_ID: 'default',
            GRPC_HOST: '127.0.0.1',
            GRPC_PORT: 0,
            GRPC_MAX_MESSAGE_BYTES: 1 << 20,
            GRPC_API_KEYS_STORE: 'file',
            GRPC_API_KEYS_FILE: 'unused.json',
            GRPC_API_KEYS_REFRESH_MS: 1000,
            CLICKHOUSE_USER: 'default',
            CLICKHOUSE_PASSWORD: '',
            CLICKHOUSE_DATABASE: 'default',
            GRPC_RATE_LIMIT_PER_SECOND: 100,
            GRPC_MAX_CALL_MS: 60_000,
            SHUTDOWN_GRACE_MS: 500,
            ...grpc,
          },
          { 'demand.v1.Features': FeaturesService },
        ),
      ],
    },
    httpHost: '127.0.0.1',
    httpPort: 0,
    logger,
  });
}

test('gRPC starts after the consumers and stops before them; the bus closes last', async () => {
  const events: string[] = [];
  let address = '';
  // A generous deadline: a fresh connection on a loaded box can take longer than 300 ms (CI failed on it). A closed
  // server refuses the connection at once, so the stopped case does not wait for it.
  const grpcAnswers = () =>
    new Promise<boolean>((resolve) => {
      const client = new FeaturesClient(address, credentials.createInsecure());
      client.getItemStats(
        { itemId: 'x', fromDay: '', toDay: '' },
        new Metadata(),
        { deadline: Date.now() + 5_000 },
        (error: ServiceError | null) => {
          client.close();
          resolve(!error);
        },
      );
    });
  const service = await startOrderService(events, grpcAnswers);
  address = `127.0.0.1:${service.grpcPort}`;
  assert.equal(await grpcAnswers(), true);
  assert.deepEqual(events, ['subscribed order-test@events.clean.v1']);
  await service.close();
  assert.deepEqual(events, ['subscribed order-test@events.clean.v1', 'consumer stopped; gRPC answering: false']);
});

test('with keys required in a ClickHouse table, the table is opened before anything serves: no server, no start', async () => {
  const events: string[] = [];
  await assert.rejects(
    startOrderService(events, async () => false, {
      GRPC_AUTH: 'required',
      GRPC_API_KEYS_STORE: 'clickhouse',
      CLICKHOUSE_URL: 'http://127.0.0.1:9',
    }),
    /127\.0\.0\.1:9|ECONNREFUSED/,
  );
  assert.deepEqual(events, [], 'no consumer subscribed');
});
