// A shop whose texts and labels the first-start models never saw flows in through the collector and
// Feedback.SubmitLabels; after Feedback.RequestRetraining the embedder's answers over gRPC on texts
// from a second generator beat what it answered at first start and keyword baselines fitted here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import { credentials } from '@grpc/grpc-js';
import {
  type AnalyzeResponse,
  type Event,
  FeedbackClient,
  type ItemUpsert,
  type RequestRetrainingResponse,
  type SemanticSearchResponse,
  type SubmitLabelsResponse,
  type TextAnalysisClient,
  TextKind,
  type TrackBatchResponse,
  type UpsertItemsResponse,
  withApiKey,
} from '@demand/contracts';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { genericSeedCorpus, itemDocument, sentimentFromRating } from '@demand/embedder/training';
import { createShop } from '@demand/testkit';
import { waitForDrain } from '../src/consumer-lag.js';
import { unaryCall } from '../src/grpc-call.js';
import { tfidfLogisticRegression, wordOverlapSearch } from '../src/jieba-baselines.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { textAnalysisClient, waitForTextModels } from '../src/text-analysis.js';
import { classifierScores, leafPrecision } from '../src/text-scores.js';
import { type LabelledText, unseenQueries, unseenReviews, unseenTurns } from '../src/unseen-texts.js';

const shop = createShop({ seed: 31, users: 2000, items: 300, startDay: '2026-09-01' });
const run = shop.generateEvents({ days: 14, runId: 'learn' });
/** What a shop sends that the text models learn from: reviews, searches and the clicks after them, dialog turns. */
const searchSessions = new Set<string>();
const shopEvents: Event[] = [];
for (const event of run) {
  if (event.payload?.$case === 'search') searchSessions.add(event.sessionId);
  const $case = event.payload?.$case;
  if ($case === 'review' || $case === 'search' || $case === 'dialogTurn') shopEvents.push(event);
  else if ($case === 'click' && searchSessions.has(event.sessionId)) shopEvents.push(event);
}
const heldOut = {
  reviews: unseenReviews(600, 101),
  turns: unseenTurns(40, 102),
  queries: unseenQueries(new Set(shop.items.map((item) => item.categoryPath[2] ?? '')), 6, 103),
};

/** The built-in generic seed (what a production first start trains on), not local mode's test-kit demo shop. */
const seedDir = mkdtempSync(path.join(tmpdir(), 'e2e-generic-seed-'));
const seedFile = path.join(seedDir, 'generic-seed.json');
let p: TestPlatform;
let texts: TextAnalysisClient;
let feedback: FeedbackClient;

beforeAll(async () => {
  writeFileSync(seedFile, JSON.stringify(genericSeedCorpus()));
  // Its own first start trains the cold models the retrained ones must beat.
  p = await startTestPlatform(
    {
      EMBEDDER_SEED_CORPUS_FILE: seedFile,
      // The shop's fixed dates stay inside the training window whenever the test runs.
      EMBEDDER_TRAINING_WINDOW_DAYS: '36500',
      EMBEDDER_MIN_SHOP_REVIEWS: '50',
      EMBEDDER_MIN_SHOP_LABELLED_TURNS: '60',
    },
    { textModels: 'trained' },
  );
  // Labels and retraining requests are an operator's (admin); the held-out texts go faster than the default rate limit.
  const operator = issueApiKey({ name: 'e2e operator', scopes: ['read', 'admin'], ratePerSecond: 100_000 });
  await new FileApiKeyStore(path.join(p.dataDir, 'api-keys.json')).add(operator.record);
  const address = p.platform.grpcAddress('feedback');
  feedback = new FeedbackClient(address, credentials.createInsecure(), withApiKey(operator.token));
  texts = textAnalysisClient(p.platform.grpcAddress('embedder'), operator.token);
  await waitForTextModels(texts, 180_000);
}, 240_000);

afterAll(async () => {
  texts?.close();
  feedback?.close();
  await p?.stop();
  rmSync(seedDir, { recursive: true, force: true });
});

/** Runs `call` on every value, 32 at a time (the embedder batches concurrent calls). */
async function callAll<T, R>(values: readonly T[], call: (value: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += 32) out.push(...(await Promise.all(values.slice(i, i + 32).map(call))));
  return out;
}

/** The embedder's answers on the held-out texts (all from one encoder version) and the versions that gave them. */
async function answers() {
  const encoders = new Set<string>();
  const analyze = async (examples: readonly LabelledText[], task: 'sentiment' | 'intent') => {
    const labels = new Map<string, string>();
    await callAll(examples, async ({ text }) => {
      const answer = await unaryCall<AnalyzeResponse>((m, o, cb) => texts.analyze({ text }, m, o, cb));
      encoders.add(answer.encoderVersion);
      labels.set(text, answer[task]?.label ?? '');
    });
    return (text: string) => labels.get(text) ?? '';
  };
  const leaves = await callAll(heldOut.queries, async ({ text: query }) => {
    const { hits, encoderVersion } = await unaryCall<SemanticSearchResponse>((m, o, cb) =>
      texts.semanticSearch({ query, kind: TextKind.TEXT_KIND_ITEM, limit: 10, minScore: 0 }, m, o, cb),
    );
    encoders.add(encoderVersion);
    return hits.map((hit) => hit.categoryPath[2] ?? '');
  });
  const sentiment = classifierScores(heldOut.reviews, await analyze(heldOut.reviews, 'sentiment'));
  const intent = classifierScores(heldOut.turns, await analyze(heldOut.turns, 'intent'));
  const probe = await unaryCall<AnalyzeResponse>((m, o, cb) => texts.analyze({ text: '你好' }, m, o, cb));
  assert.deepStrictEqual([...encoders], [probe.encoderVersion], 'every answer came from the same encoder');
  return {
    sentiment,
    intent,
    search: leafPrecision(heldOut.queries, (_query, q) => leaves[q] ?? []),
    versions: [probe.encoderVersion, probe.sentiment?.modelVersion, probe.intent?.modelVersion],
    cold: probe.cold,
  };
}

/** TF-IDF over jieba tokens + logistic regression, and jieba word overlap, fitted on what the shop sent. */
function keywordBaselines() {
  const reviews = shopEvents.flatMap((e) =>
    e.payload?.$case === 'review'
      ? [{ text: e.payload.review.text, label: sentimentFromRating(e.payload.review.rating) }]
      : [],
  );
  const sent = new Map(shopEvents.map((e) => [e.eventId, e]));
  const turns = [...run.truth.customerTurnIntents].flatMap(([eventId, label]) => {
    const payload = sent.get(eventId)?.payload;
    return payload?.$case === 'dialogTurn' ? [{ text: payload.dialogTurn.text, label }] : [];
  });
  const overlap = wordOverlapSearch(shop.items.map((item) => itemDocument(item)));
  return {
    sentiment: classifierScores(heldOut.reviews, tfidfLogisticRegression(reviews)),
    intent: classifierScores(heldOut.turns, tfidfLogisticRegression(turns)),
    search: leafPrecision(heldOut.queries, (query) =>
      overlap(query, 10).map((index) => shop.items[index]?.categoryPath[2] ?? ''),
    ),
  };
}

test('retrained on the shop’s own texts and labels, intent and search on held-out texts beat the first-start models and keyword baselines, sentiment beats its baseline', async () => {
  const items = shop
    .itemUpsertEvents()
    .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
  await unaryCall<UpsertItemsResponse>((m, o, cb) => p.collector.upsertItems({ items }, m, o, cb));
  for (let i = 0; i < shopEvents.length; i += 1000) {
    const events = shopEvents.slice(i, i + 1000);
    await unaryCall<TrackBatchResponse>((m, o, cb) => p.collector.trackBatch({ events }, m, o, cb));
  }
  const labels = [...run.truth.customerTurnIntents].map(([eventId, intent]) => ({
    eventId,
    intent,
    text: '',
    sentiment: '',
    labeller: 'e2e operator',
  }));
  const stored = await unaryCall<SubmitLabelsResponse>((m, o, cb) => feedback.submitLabels({ labels }, m, o, cb));
  assert.equal(stored.stored, labels.length);
  await waitForDrain(
    p.admin,
    [
      { groupId: 'preprocessor', topic: 'events.raw.v1' },
      { groupId: 'aggregator', topic: 'events.clean.v1' },
      { groupId: 'embedder-items', topic: 'events.clean.v1' },
      { groupId: 'embedder', topic: 'texts.clean.v1' },
    ],
    // Embedding ~7,800 texts on a loaded 2-core box once took longer than 120 s (1,737 left).
    200_000,
  );

  const firstStart = await answers();
  assert.equal(firstStart.cold, true, 'the first-start models were trained on the generic seed');

  await unaryCall<RequestRetrainingResponse>((m, o, cb) =>
    feedback.requestRetraining({ model: 'text-encoder', reason: 'e2e: the shop has sent its texts' }, m, o, cb),
  );
  // Retraining reads the shop back from ClickHouse, trains encoder and heads and re-embeds the catalog.
  const deadline = Date.now() + 240_000;
  for (;;) {
    const probe = await unaryCall<AnalyzeResponse>((m, o, cb) => texts.analyze({ text: '你好' }, m, o, cb));
    if (probe.encoderVersion !== firstStart.versions[0]) {
      assert.equal(probe.cold, false, 'the retrained models were trained on the shop’s own data');
      const [, sentiment, intent] = firstStart.versions;
      assert.ok(probe.sentiment?.modelVersion !== sentiment && probe.intent?.modelVersion !== intent, 'new heads');
      break;
    }
    assert.ok(Date.now() < deadline, 'no retrained encoder in service after 240 s');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const retrained = await answers();
  const baseline = keywordBaselines();
  const line = (name: string, s: Awaited<ReturnType<typeof answers>> | typeof baseline) =>
    `${name}: sentiment acc ${s.sentiment.accuracy.toFixed(3)} F1 ${s.sentiment.macroF1.toFixed(3)}, ` +
    `intent F1 ${s.intent.macroF1.toFixed(3)}, search P@10 ${s.search.all.toFixed(3)}`;
  const report = [line('first start', firstStart), line('retrained', retrained), line('baseline', baseline)];
  process.stderr.write(`${report.join('\n')}\n`);
  const summary = report.join('; ');

  // The first-start intent head multiplies in the intent-lexicon expert too (about 0.73 here, was 0.57 without),
  // so what retraining adds on top is smaller: +0.08 in the run that set this margin.
  assert.ok(retrained.intent.macroF1 >= firstStart.intent.macroF1 + 0.05, summary);
  assert.ok(retrained.intent.macroF1 >= baseline.intent.macroF1 + 0.1, summary);
  // Item search ranks mostly by stemmed word match now (fused 3:1 with the vectors), which both starts share:
  // first start 0.332 → 0.473 with it, and retraining the encoder moved the fused figure by +0.002 in the run
  // that set this. So retrained search is held to no worse than the first start, not to a gain.
  assert.ok(retrained.search.all >= firstStart.search.all - 0.01, summary);
  assert.ok(retrained.search.all >= baseline.search.all + 0.1, summary);
  assert.ok(retrained.sentiment.macroF1 >= baseline.sentiment.macroF1 + 0.15, summary);
  // Not asserted: sentiment against the first start (+0.03 to +0.09 macro-F1 over four runs here, +0.02 in `make eval` with lower accuracy).
}, 420_000);
