import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from '@jest/globals';
import { credentials } from '@grpc/grpc-js';
import {
  withApiKey,
  type Event,
  FeedbackClient,
  type GetModelMetricsResponse,
  ModelPublished,
  RecsServed,
  Topics,
  type TrackBatchResponse,
  TrainingRequested,
} from '@demand/contracts';
import { FeedbackService } from '@demand/feedback';
import { waitForDrain } from '../src/consumer-lag.js';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { readWholeTopic } from '../src/topic-reader.js';

const HOUR = 3_600_000;
const now = Date.now();
let p: TestPlatform;
let feedback: FeedbackClient;

/** Lists as the recommender publishes them: `clickedOf20` of every 20 get a click on slot 1 through the collector. */
function arm(prefix: string, count: number, clickedOf20: number, armName: string, version: string, servedAt: number) {
  const lists: RecsServed[] = [];
  const clicks: Event[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    const itemIds = ['i-a', 'i-b', 'i-c', 'i-d'];
    const at = servedAt + i * 1000;
    lists.push(
      RecsServed.fromPartial({
        recommendationId: id,
        userId: `shopper-${id}`,
        method: 'recommend',
        page: 'home',
        itemIds,
        scores: [0.9, 0.7, 0.5, 0.3],
        arm: armName,
        modelVersions: { ranker: version },
        servedAt: new Date(at),
      }),
    );
    if (i % 20 >= clickedOf20) continue;
    clicks.push({
      eventId: `click-${id}`,
      userId: `shopper-${id}`,
      sessionId: `s-${id}`,
      occurredAt: new Date(at + 60_000),
      receivedAt: undefined,
      source: 'web',
      backfill: false,
      payload: { $case: 'click', click: { itemId: 'i-b', surface: 'recs', position: 1, recRequestId: id } },
    });
  }
  return { lists, clicks };
}

/** Searches of distinct shoppers: the text drift detectors read them. */
const searches = (prefix: string, queries: string[], at: number): Event[] =>
  Array.from({ length: 80 }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    userId: `searcher-${prefix}-${i}`,
    sessionId: `ss-${prefix}-${i}`,
    occurredAt: new Date(at + i * 1000),
    receivedAt: undefined,
    source: 'web',
    backfill: false,
    payload: { $case: 'search', search: { query: queries[i % queries.length]!, resultsCount: 3 } },
  }));

const traffic = [
  arm('ref', 300, 5, 'control', 'v1', now - 30 * HOUR),
  arm('champ', 400, 5, 'control', 'v1', now - 3 * HOUR),
  arm('worse', 400, 2, 'treatment', 'v2', now - 3 * HOUR),
  arm('better', 400, 7, 'treatment-b', 'v3', now - 3 * HOUR),
];
const events = [
  ...traffic.flatMap((t) => t.clicks),
  ...searches('old', ['红色连衣裙', '夏季凉鞋', '蓝牙耳机', '保温杯'], now - 30 * HOUR),
  // The shop starts selling to English speakers: words the previous window never used.
  ...searches('new', ['linen summer dress', 'wireless earbuds case', 'hiking boots waterproof'], now - 2 * HOUR),
];

beforeAll(async () => {
  p = await startTestPlatform({
    FEEDBACK_CHECK_MS: '0',
    FEEDBACK_AB_MIN_LISTS: '300',
    FEEDBACK_DRIFT_MIN_SAMPLES: '50',
  });
  feedback = new FeedbackClient(
    p.platform.grpcAddress('feedback'),
    credentials.createInsecure(),
    withApiKey(p.platform.apiKey),
  );
}, 180_000);

afterAll(async () => {
  feedback?.close();
  await p?.stop();
});

test('served lists and later clicks give CTR per arm; the gate rolls back the worse challenger and promotes the better; text drift asks for retraining', async () => {
  for (let i = 0; i < events.length; i += 1000) {
    await unaryCall<TrackBatchResponse>((m, o, cb) =>
      p.collector.trackBatch({ events: events.slice(i, i + 1000) }, m, o, cb),
    );
  }
  const producer = p.kafka.producer();
  await producer.connect();
  await producer.send({
    topic: Topics.recsServed.name,
    messages: traffic.flatMap((t) =>
      t.lists.map((l) => ({ key: l.userId, value: Buffer.from(RecsServed.encode(l).finish()) })),
    ),
  });
  const published = ['v1', 'v2', 'v3'].map((version) =>
    ModelPublished.fromPartial({ model: 'recommender', version, metrics: { 'ndcg@10': 0.3 } }),
  );
  await producer.send({
    topic: Topics.modelsPublished.name,
    messages: published.map((m) => ({ key: m.model, value: Buffer.from(ModelPublished.encode(m).finish()) })),
  });
  await producer.disconnect();
  await waitForDrain(
    p.admin,
    [
      { groupId: 'preprocessor', topic: Topics.eventsRaw.name },
      { groupId: 'feedback-outcomes', topic: Topics.eventsClean.name },
      { groupId: 'feedback-served', topic: Topics.recsServed.name },
      { groupId: 'feedback-models', topic: Topics.modelsPublished.name },
    ],
    90_000,
  );

  const metrics = await unaryCall<GetModelMetricsResponse>((m, o, cb) =>
    feedback.getModelMetrics({ windowHours: 24, controlArm: 'control', treatmentArm: '' }, m, o, cb),
  );
  const ctr = (armName: string) => metrics.metrics.find((x) => x.arm === armName && x.segment === '')?.ctr;
  assert.deepStrictEqual([ctr('control'), ctr('treatment'), ctr('treatment-b')], [0.25, 0.1, 0.35]);
  const worse = metrics.comparisons.find((c) => c.metric === 'ctr' && c.treatmentArm === 'treatment');
  assert.ok(worse?.enoughData && worse.significant && worse.ciHigh < 0);

  const service = p.platform.services.get('feedback');
  assert.ok(service);
  const check = await service.app.get(FeedbackService).check();
  assert.deepStrictEqual(
    check.decisions.map((d) => [d.version, d.decision]),
    [
      ['v2', 'rollback'],
      ['v3', 'promote'],
    ],
  );
  assert.ok(check.decisions.every((d) => d.reason.includes('online rate')));
  const requests = (await readWholeTopic(p.kafka, p.admin, Topics.trainingRequested.name)).map((r) =>
    TrainingRequested.decode(r.value!),
  );
  const textRequest = requests.find((r) => r.model === 'text-encoder');
  assert.match(textRequest?.reason ?? '', /unseen_tokens text vocabulary/);
  assert.equal(
    requests.some((r) => r.model === 'recommender'),
    false,
    'behaviour did not drift, so the recommender is not asked',
  );
}, 240_000);
