import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { type AnalyticsStore, createAnalyticsStore } from '@demand/analytics-store';
import { KafkaEventBus, type Subscription } from '@demand/bus';
import {
  allTopicNames,
  type CleanEvent,
  DemandLevel,
  EmbeddingUpdated,
  ForecastUpdated,
  FeedbackClient,
  type GetModelMetricsResponse,
  type IntentMix,
  type MetricsOverTime,
  type ModelDecision,
  type RecsServed,
  type RequestRetrainingResponse,
  type SubmitLabelsResponse,
  TextKind,
  type TopicDefinition,
  Topics,
  type TrainingRequested,
} from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import type { RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { loadFeedbackConfig } from '../src/config.js';
import { FeedbackService } from '../src/domain/feedback-service.js';
import { startFeedback } from '../src/start-feedback.js';
import { HOUR, cleanEvent, clickOn, servedList } from './feedback-platform.js';

let dir: string;
let analytics: AnalyticsStore;
let broker: LocalBroker;
let bus: KafkaEventBus;
let service: RunningService;
let client: FeedbackClient;
const subscriptions: Subscription[] = [];
const trainingRequests: TrainingRequested[] = [];
const decisions: ModelDecision[] = [];
const logger = () => createLogger({ service: 'feedback', level: 'warn', destination: process.stderr as never });

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const call = <Res>(invoke: (callback: (error: ServiceError | null, response: Res) => void) => unknown) =>
  new Promise<Res>((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));

const now = Date.now();
/** Lists of one version: `clicked` of every 20 get a click on slot 1 a minute after serving. */
function traffic(
  prefix: string,
  count: number,
  clickedOf20: number,
  options: { arm: string; version: string; at: number; scoreShift?: number },
) {
  const lists: RecsServed[] = [];
  const clicks: CleanEvent[] = [];
  for (let i = 0; i < count; i++) {
    const scores = Array.from({ length: 5 }, (_, slot) => (options.scoreShift ?? 0) + ((i + slot) % 10) / 10);
    const list = servedList(`${prefix}-${i}`, { ...options, at: options.at + i * 1000, scores });
    lists.push(list);
    if (i % 20 < clickedOf20) clicks.push(clickOn(list, 1, options.at + i * 1000 + 60_000));
  }
  return { lists, clicks };
}

const reference = traffic('ref', 400, 5, { arm: 'control', version: 'v1', at: now - 30 * HOUR });
const champion = traffic('champ', 400, 5, { arm: 'control', version: 'v1', at: now - 3 * HOUR, scoreShift: 0.6 });
const worse = traffic('worse', 400, 2, { arm: 'treatment', version: 'v2', at: now - 3 * HOUR, scoreShift: 0.6 });
const better = traffic('better', 400, 7, { arm: 'treatment-b', version: 'v3', at: now - 3 * HOUR, scoreShift: 0.6 });
// Units of one item over the days before today: 2, 4, 2 (history), then 3, 5 and none (forecast days).
const DAY = 24 * HOUR;
const today = Math.floor(now / DAY) * DAY;
const dayOf = (daysBack: number) => new Date(today - daysBack * DAY).toISOString().slice(0, 10);
const sales = [
  [6, 2],
  [5, 4],
  [4, 2],
  [3, 3],
  [2, 5],
].map(([daysBack, quantity]) =>
  cleanEvent(`sale-${daysBack}`, `buyer-${daysBack}`, today - daysBack! * DAY + 12 * HOUR, {
    $case: 'purchase',
    purchase: { orderId: `so-${daysBack}`, itemId: 'sku-f', quantity: quantity!, unitPrice: 10, currency: 'CNY' },
  }),
);
const forecastOf = (level: DemandLevel, id: string): ForecastUpdated =>
  ForecastUpdated.fromPartial({
    level,
    id,
    modelVersion: 'demand-forecast@1',
    dataThrough: dayOf(4),
    points: [
      { timestamp: dayOf(3), mean: 4 },
      { timestamp: dayOf(2), mean: 4 },
      { timestamp: dayOf(1), mean: 1 },
      { timestamp: dayOf(0), mean: 9 },
    ],
  });
const tiny = traffic('tiny', 10, 0, { arm: 'tiny', version: 'v1', at: now - 2 * HOUR });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedback-it-'));
  analytics = createAnalyticsStore({ mode: 'embedded', path: path.join(dir, 'clickhouse') });
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  bus = new KafkaEventBus({
    clientId: 'feedback-it',
    brokers: broker.bootstrapServers,
    logger: logger(),
    metricsRegistry: new Registry(),
  });
  const config = loadFeedbackConfig({
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    FEEDBACK_CHECK_MS: '0',
    FEEDBACK_AB_MIN_LISTS: '300',
    FEEDBACK_DRIFT_MIN_SAMPLES: '50',
    FEEDBACK_CATALOG_SIZE: '10',
    FEEDBACK_FORECAST_HISTORY_DAYS: '3',
    FEEDBACK_FORECAST_SEASON: '1',
    FEEDBACK_RETRAIN_SCHEDULE: 'demand-forecast:3600000',
    LOG_LEVEL: 'warn',
  });
  // Each group's first join on the local broker takes about 3 s: the test's two and the service's join at once.
  // Each is kept as it comes, so that afterAll closes whatever started even when another one failed.
  const collect = <T>(groupId: string, topic: TopicDefinition<T>, into: T[]) =>
    bus
      .subscribe({
        groupId,
        topic,
        fromBeginning: true,
        handle: async (batch) => void into.push(...batch.map((r) => r.value)),
      })
      .then((s) => subscriptions.push(s));
  await Promise.all([
    collect('feedback-it-training', Topics.trainingRequested, trainingRequests),
    collect('feedback-it-decisions', Topics.modelDecisions, decisions),
    startFeedback(config, logger(), { analytics }).then((s) => (service = s)),
  ]);
  client = new FeedbackClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());

  const all = [reference, champion, worse, better, tiny];
  const lists = all.flatMap((t) => t.lists);
  // Redelivery: one list and one click arrive twice; a bot's click and a purchase after a list (last touch) too.
  const first = champion.lists[0]!;
  const purchase = cleanEvent('buy-1', first.userId, first.servedAt!.getTime() + 2 * HOUR, {
    $case: 'purchase',
    purchase: { orderId: 'o1', itemId: first.itemIds[3]!, quantity: 2, unitPrice: 50, currency: 'CNY' },
  });
  const bot = {
    ...clickOn(champion.lists[10]!, 0, first.servedAt!.getTime() + 30_000, 'bot-click'),
    flags: ['bot:rate'],
  };
  await bus.publish(Topics.recsServed, [...lists, first]);
  await bus.publish(Topics.eventsClean, [...all.flatMap((t) => t.clicks), champion.clicks[0]!, purchase, bot]);
  await bus.publish(Topics.eventsClean, sales);
  await bus.publish(Topics.forecastsUpdated, [
    forecastOf(DemandLevel.DEMAND_LEVEL_ITEM, 'sku-f'),
    forecastOf(DemandLevel.DEMAND_LEVEL_SHOP, ''),
  ]);
  await bus.publish(Topics.modelsPublished, [
    {
      model: 'recommender',
      version: 'v1',
      metrics: { 'ndcg@10': 0.3 },
      dataWindowStart: '',
      dataWindowEnd: '',
      trainingSetHash: 'a',
    },
    {
      model: 'recommender',
      version: 'v2',
      metrics: { 'ndcg@10': 0.3 },
      dataWindowStart: '',
      dataWindowEnd: '',
      trainingSetHash: 'b',
    },
    {
      model: 'recommender',
      version: 'v3',
      metrics: { 'ndcg@10': 0.31 },
      dataWindowStart: '',
      dataWindowEnd: '',
      trainingSetHash: 'c',
    },
  ]);
}, 120_000);

afterAll(async () => {
  client?.close();
  await service?.close();
  for (const s of subscriptions) await s.stop();
  await bus?.close();
  await broker?.stop();
  await analytics?.close();
  rmSync(dir, { recursive: true, force: true });
});

const metricsOf = (response: GetModelMetricsResponse, arm: string) =>
  response.metrics.find((m) => m.arm === arm && m.segment === '');

test('GetModelMetrics: CTR per version and arm, once per list and click under redelivery, and the A/B comparison', async () => {
  const response = await eventually(async () => {
    const r = await call<GetModelMetricsResponse>((cb) =>
      client.getModelMetrics({ windowHours: 24, controlArm: '', treatmentArm: '' }, cb),
    );
    const ready =
      r.metrics.filter((m) => m.segment === '').reduce((sum, m) => sum + m.clickedLists, 0) === 100 + 40 + 140;
    return ready ? r : undefined;
  }, 'every list and click stored');
  const control = metricsOf(response, 'control');
  assert.equal(control?.modelVersion, 'v1');
  assert.equal(control?.served, 400);
  assert.equal(control?.ctr, 0.25);
  assert.equal(control?.convertedLists, 1);
  assert.equal(control?.revenuePerMille, (100 / 400) * 1000);
  assert.equal(control?.coverage, 0.5);
  assert.equal(metricsOf(response, 'treatment')?.ctr, 0.1);
  assert.equal(metricsOf(response, 'treatment-b')?.ctr, 0.35);
  assert.ok(response.metrics.some((m) => m.arm === 'control' && m.segment === 'home' && m.served === 400));

  const ctr = (treatment: string) =>
    response.comparisons.find((c) => c.metric === 'ctr' && c.treatmentArm === treatment);
  const worseArm = ctr('treatment');
  assert.equal(worseArm?.enoughData, true);
  assert.ok(Math.abs((worseArm?.difference ?? 0) + 0.15) < 1e-12);
  assert.ok(worseArm!.significant && worseArm!.ciHigh < 0);
  assert.deepStrictEqual(
    [ctr('tiny')?.enoughData, ctr('tiny')?.note],
    [false, 'not enough data yet: treatment has 10 of 300 trials'],
  );
}, 90_000);

test('GetMetricsOverTime: the same lists in daily buckets per version and arm; more than 90 days is INVALID_ARGUMENT', async () => {
  const answer = await call<MetricsOverTime>((cb) => client.getMetricsOverTime({ days: 3 }, cb));
  const treatment = answer.days.filter((d) => d.metrics?.arm === 'treatment');
  assert.deepStrictEqual(
    treatment.map((d) => [d.day, d.metrics?.modelVersion, d.metrics?.served, d.metrics?.ctr]),
    [[new Date(now - 3 * HOUR).toISOString().slice(0, 10), 'v2', 400, 0.1]],
  );
  const control = answer.days.filter((d) => d.metrics?.arm === 'control');
  assert.equal(
    control.reduce((sum, d) => sum + (d.metrics?.served ?? 0), 0),
    800,
    'the reference lists 30 hours ago and the champion 3 hours ago',
  );
  assert.equal(answer.fromDay, new Date(today - 2 * DAY).toISOString().slice(0, 10));
  const error = await call((cb) => client.getMetricsOverTime({ days: 91 }, cb)).catch((e: ServiceError) => e);
  assert.equal((error as ServiceError).code, status.INVALID_ARGUMENT);
  assert.match((error as ServiceError).details, /^days: at most 90/);
});

test('the check rolls back the worse challenger and promotes the better one with reasons, and asks for retraining on score drift', async () => {
  await eventually(async () => {
    const rows = await analytics.query<{ n: number }>('SELECT count() AS n FROM published_models');
    return Number(rows[0]?.n) === 3 ? true : undefined;
  }, 'the published versions');
  const feedback = service.app.get(FeedbackService);
  const first = await feedback.check();
  assert.deepStrictEqual(
    first.decisions.map((d) => [d.version, d.championVersion, d.decision]),
    [
      ['v2', 'v1', 'rollback'],
      ['v3', 'v1', 'promote'],
    ],
  );
  assert.match(first.decisions[0]!.reason, /may be worse by more than tolerance/);
  const drifted = first.drift.findings.filter((f) => f.drifted).map((f) => f.detector);
  assert.deepStrictEqual(drifted, ['score_psi']);
  assert.match(first.drift.requested.get('recommender') ?? '', /^drift: score_psi served scores/);
  assert.deepStrictEqual(first.scheduled, ['demand-forecast']);

  const audit = await analytics.query<{ version: string; decision: string; reason: string }>(
    'SELECT version, decision, reason FROM model_decisions ORDER BY version',
  );
  assert.deepStrictEqual(
    audit.map((r) => [r.version, r.decision, r.reason]),
    first.decisions.map((d) => [d.version, d.decision, d.reason]),
  );
  await eventually(
    () => (decisions.length >= 2 && trainingRequests.length >= 1 ? true : undefined),
    'the announcements',
  );
  assert.deepStrictEqual(
    decisions.map((d) => [d.model, d.version, d.decision]),
    [
      ['recommender', 'v2', 'rollback'],
      ['recommender', 'v3', 'promote'],
    ],
  );
  await eventually(() => (trainingRequests.length >= 2 ? true : undefined), 'the scheduled request');
  assert.deepStrictEqual(trainingRequests.map((r) => r.model).sort(), ['demand-forecast', 'recommender']);

  // Decided versions are not judged again, and the drift request waits out its cooldown.
  const second = await feedback.check();
  assert.deepStrictEqual(second.decisions, []);
  assert.equal(second.drift.requested.size, 0);
  assert.deepStrictEqual(second.scheduled, [], 'the scheduled period has not passed');
  const requested = await analytics.query<{ model: string; reason: string }>(
    'SELECT model, reason FROM training_requests ORDER BY model',
  );
  assert.deepStrictEqual(
    requested.map((r) => [r.model, r.reason.split(':')[0]]),
    [
      ['demand-forecast', 'schedule'],
      ['recommender', 'drift'],
    ],
  );

  // The audit trail, as operators read it through GetModelMetrics and Prometheus.
  const answer = await call<GetModelMetricsResponse>((cb) =>
    client.getModelMetrics({ windowHours: 24, controlArm: '', treatmentArm: '' }, cb),
  );
  assert.deepStrictEqual(answer.versions.map((v) => [v.version, v.offlineMetrics['ndcg@10']]).sort(), [
    ['v1', 0.3],
    ['v2', 0.3],
    ['v3', 0.31],
  ]);
  assert.deepStrictEqual(
    answer.decisions.map((d) => [d.version, d.decision, d.reason]),
    [...first.decisions].reverse().map((d) => [d.version, d.decision, d.reason]),
  );
  const latest = second.drift.findings.map((f) => [f.detector, f.subject, f.value, f.drifted]);
  assert.deepStrictEqual(
    answer.drift.map((f) => [f.detector, f.subject, f.value, f.drifted]).sort(),
    [...latest].sort(),
  );
  assert.deepStrictEqual(answer.trainingRequests.map((r) => r.model).sort(), ['demand-forecast', 'recommender']);
  const exported = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
  // The second check sees the same windows, so the served scores still drift.
  assert.ok(second.drift.findings.some((f) => f.detector === 'score_psi' && f.drifted));
  assert.match(exported, /^feedback_drift_detected\{detector="score_psi",subject="served scores"[^}]*\} 1$/m);
  assert.match(exported, /^feedback_drift_detected\{detector="online_drop",subject="champion CTR"[^}]*\} 0$/m);
}, 90_000);

test('RequestRetraining publishes training.requested.v1 naming the model; SubmitLabels stores operator labels', async () => {
  const answer = await call<RequestRetrainingResponse>((cb) =>
    client.requestRetraining({ model: 'text-encoder', reason: 'new product line' }, cb),
  );
  const request = await eventually(
    () => trainingRequests.find((r) => r.model === 'text-encoder' && r.reason === 'new product line'),
    'the operator request',
  );
  assert.equal(request.requestedAt, answer.requestedAt);

  const stored = await call<SubmitLabelsResponse>((cb) =>
    client.submitLabels(
      {
        labels: [
          { text: '快递太慢了', eventId: '', intent: 'complaint', sentiment: 'negative', labeller: 'ops' },
          { text: '', eventId: 'e-42', intent: '', sentiment: 'positive', labeller: 'ops' },
        ],
      },
      cb,
    ),
  );
  assert.equal(stored.stored, 2);
  const rows = await analytics.query<{ text: string; event_id: string; intent: string; sentiment: string }>(
    'SELECT text, event_id, intent, sentiment FROM operator_labels FINAL ORDER BY label_id',
  );
  assert.deepStrictEqual(
    rows.map((r) => [r.text, r.event_id, r.intent, r.sentiment]),
    [
      ['', 'e-42', '', 'positive'],
      ['快递太慢了', '', 'complaint', 'negative'],
    ],
  );

  const invalid = await call((cb) =>
    client.submitLabels(
      {
        labels: [{ text: 'x', eventId: 'e-1', intent: 'ask', sentiment: '', labeller: '' }],
      },
      cb,
    ),
  ).catch((error: ServiceError) => error);
  assert.ok(Error.isError(invalid));
  assert.equal((invalid as ServiceError).code, status.INVALID_ARGUMENT);
  assert.match((invalid as ServiceError).details, /labels\[0\]\.text: exactly one of text and event_id/);
  const noModel = await call((cb) => client.requestRetraining({ model: ' ', reason: '' }, cb)).catch(
    (e: ServiceError) => e,
  );
  assert.equal((noModel as ServiceError).code, status.INVALID_ARGUMENT);
  const longWindow = await call((cb) =>
    client.getModelMetrics({ windowHours: 24 * 365, controlArm: '', treatmentArm: '' }, cb),
  ).catch((e: ServiceError) => e);
  assert.equal((longWindow as ServiceError).code, status.INVALID_ARGUMENT);
  assert.match((longWindow as ServiceError).details, /^window_hours: at most 2160/);
}, 60_000);

test('published item and shop forecasts are scored on closed days: WAPE and MASE per forecast version', async () => {
  const response = await eventually(async () => {
    const r = await call<GetModelMetricsResponse>((cb) =>
      client.getModelMetrics({ windowHours: 24, controlArm: '', treatmentArm: '' }, cb),
    );
    return r.forecastAccuracy[0]?.points === 6 ? r : undefined;
  }, 'the forecasts and sales stored');
  // Per series: |3−4| + |5−4| + |0−1| = 3 over 8 units; MAE 1 over the naive MAE (2 + 2)/2 of [2, 4, 2].
  const [accuracy] = response.forecastAccuracy;
  assert.equal(accuracy?.modelVersion, 'demand-forecast@1');
  assert.equal(accuracy?.series, 2);
  assert.equal(accuracy?.wape, 3 / 8);
  assert.equal(accuracy?.mase, 0.5);
}, 60_000);

const review = (textId: string, rating: number, label: string) =>
  EmbeddingUpdated.fromPartial({
    textId,
    kind: TextKind.TEXT_KIND_REVIEW,
    rating,
    occurredAt: new Date(now - HOUR),
    sentiment: { label, probability: 0.9, modelVersion: 'sentiment-head@1' },
  });

test('the sentiment head is scored against the stars and against operator labels of the same event', async () => {
  await bus.publish(Topics.embeddingsUpdated, [
    review('r-1', 5, 'positive'),
    review('r-2', 4, 'negative'),
    review('r-3', 1, 'negative'),
    review('r-4', 3, 'neutral'),
    review('e-42', 0, 'negative'), // no stars; the operator labelled event e-42 positive (test above)
  ]);
  const response = await eventually(async () => {
    const r = await call<GetModelMetricsResponse>((cb) =>
      client.getModelMetrics({ windowHours: 24, controlArm: '', treatmentArm: '' }, cb),
    );
    return r.classifierAccuracy.length === 2 ? r : undefined;
  }, 'the predictions stored');
  assert.deepStrictEqual(
    response.classifierAccuracy.map((c) => [c.head, c.modelVersion, c.truth, c.count, c.accuracy]),
    [
      ['sentiment', 'sentiment-head@1', 'operator_labels', 1, 0],
      ['sentiment', 'sentiment-head@1', 'stars', 4, 3 / 4],
    ],
  );
  // F1 positive 2/3, negative 2/3, neutral 1
  assert.ok(Math.abs(response.classifierAccuracy[1]!.macroF1 - 7 / 9) < 1e-12);
}, 60_000);

test('GetIntentMix: dialog turns from embeddings.updated.v1 per day and intent, each turn once', async () => {
  const turn = (textId: string, label: string, modelVersion: string) =>
    EmbeddingUpdated.fromPartial({
      textId,
      kind: TextKind.TEXT_KIND_DIALOG_TURN,
      occurredAt: new Date(now - HOUR),
      intent: { label, probability: 0.8, modelVersion },
    });
  await bus.publish(Topics.embeddingsUpdated, [
    turn('d-1', 'complaint', 'intent-head@1'),
    turn('d-2', 'complaint', 'intent-head@1'),
    turn('d-3', 'ask', 'intent-head@1'),
    turn('d-3', 'complaint', 'intent-head@2'),
  ]);
  const mix = await eventually(async () => {
    const r = await call<IntentMix>((cb) => client.getIntentMix({ days: 2 }, cb));
    return r.turns === 3 ? r : undefined;
  }, 'the dialog turns stored');
  assert.deepStrictEqual(
    mix.days.map((d) => [d.day, d.intent, d.turns, d.share]),
    [[new Date(now - HOUR).toISOString().slice(0, 10), 'complaint', 3, 1]],
  );
}, 60_000);
