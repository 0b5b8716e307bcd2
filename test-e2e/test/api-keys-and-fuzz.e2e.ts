import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import path from 'node:path';
import { type Client, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
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
import { checkAlive, emptyFuzzReport, fuzzGrpc, fuzzTopics } from '../src/fuzz-platform.js';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// One platform with API keys required (as in production) for both: the guard on every
// service, then the fuzz run, which also checks that health probes pass without a key.

let p: TestPlatform;
let adminKey: string;
beforeAll(async () => {
  p = await startTestPlatform();
  const admin = issueApiKey({ name: 'fuzz', scopes: ['admin'] });
  await new FileApiKeyStore(path.join(p.dataDir, 'api-keys.json')).add(admin.record);
  adminKey = admin.token;
}, 120_000);
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

test('short fuzz: every gRPC method and consumed topic answers adversarial bytes clearly; nothing crashes or hangs; health probes need no key', async () => {
  const report = emptyFuzzReport();
  await fuzzGrpc(p.platform, { perMethod: 9, seed: 16, apiKey: adminKey, deadlineMs: 20_000 }, report);
  await fuzzTopics(p.kafka, { perTopic: 9, seed: 17, drainTimeoutMs: 90_000 }, report);
  await checkAlive(p.platform, report);
  assert.deepEqual(report.hangs, []);
  assert.deepEqual(report.unclear, []);
  assert.deepEqual(report.crashes, []);
  assert.ok(report.inputs >= 17 * 9, `tried ${report.inputs}`);
  assert.ok(report.deadLettered > 0, 'undecodable records are dead-lettered');
}, 300_000);
