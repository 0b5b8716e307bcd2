import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { type Client, credentials, loadPackageDefinition, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  AnalyzeRequest,
  CollectorClient,
  FeaturesClient,
  ForecastClient,
  ForecastDemandRequest,
  GetItemStatsRequest,
  RecommendClient,
  RecommendRequest,
  TextAnalysisClient,
  TrackRequest,
  withApiKey,
} from '@demand/contracts';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.stop());

type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;

/** One method of each service, asked with an empty request: the guard answers before any validation. */
const services = [
  { service: 'collector', client: CollectorClient, method: 'track', request: TrackRequest.fromPartial({}) },
  {
    service: 'aggregator',
    client: FeaturesClient,
    method: 'getItemStats',
    request: GetItemStatsRequest.fromPartial({}),
  },
  { service: 'embedder', client: TextAnalysisClient, method: 'analyze', request: AnalyzeRequest.fromPartial({}) },
  {
    service: 'forecaster',
    client: ForecastClient,
    method: 'forecastDemand',
    request: ForecastDemandRequest.fromPartial({}),
  },
  { service: 'recommender', client: RecommendClient, method: 'recommend', request: RecommendRequest.fromPartial({}) },
] as const;

async function codeOf(entry: (typeof services)[number], apiKey?: string): Promise<status> {
  const client = new entry.client(
    p.platform.grpcAddress(entry.service),
    credentials.createInsecure(),
    withApiKey(apiKey),
  ) as unknown as AnyClient;
  try {
    await unaryCall((m, o, cb) => client[entry.method]!.call(client, entry.request, m, o, cb));
    return status.OK;
  } catch (error) {
    return (error as ServiceError).code;
  } finally {
    client.close();
  }
}

test('every service of the platform refuses a call without a valid key, and lets the demo key past the guard', async () => {
  assert.ok(p.platform.apiKey, 'the test platform runs with GRPC_AUTH=required');
  for (const entry of services) {
    assert.equal(await codeOf(entry), status.UNAUTHENTICATED, `${entry.service} without a key`);
    assert.equal(await codeOf(entry, `${p.platform.apiKey!.slice(0, -2)}xx`), status.UNAUTHENTICATED);
    const withKey = await codeOf(entry, p.platform.apiKey);
    assert.ok(
      withKey !== status.UNAUTHENTICATED && withKey !== status.PERMISSION_DENIED,
      `${entry.service} with the demo key answered ${status[withKey]}`,
    );
  }
});

test('health checks answer without a key on every service (probes carry none)', async () => {
  const require = createRequire(import.meta.url);
  const loaded = loadPackageDefinition(
    loadSync(require('grpc-health-check').protoPath as string, { enums: String }),
  ) as any;
  for (const { service } of services) {
    const health = new loaded.grpc.health.v1.Health(p.platform.grpcAddress(service), credentials.createInsecure());
    try {
      const answer = await new Promise<{ status: string }>((resolve, reject) =>
        health.check({ service: '' }, (error: ServiceError | null, res: { status: string }) =>
          error ? reject(error) : resolve(res),
        ),
      );
      assert.equal(answer.status, 'SERVING', service);
    } finally {
      health.close();
    }
  }
});
