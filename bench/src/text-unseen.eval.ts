// eval/text-unseen: models trained on what a shop sent through the platform (collector →
// preprocessor → embedder → ClickHouse, read back by the embedder's corpus adapter, with the
// customer turns' intents supplied as operator labels), scored on texts from a different
// generator (test-e2e/src/unseen-texts.ts), beside TF-IDF over jieba tokens + logistic
// regression (word overlap for search) fitted on the same corpus in the same run. The unseen texts
// are split by a hash of each text's group (its phrasing) into DEV (where choices are made; `*_dev`
// lines) and TEST (the EVAL lines), see text-eval/dev-test-split.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalPlatform, storedEventCounter, streamShop } from '@demand/all-in-one';
import {
  ClickHouseTrainingCorpus,
  genericSeedCorpus,
  itemDocument,
  type TrainingCorpus,
} from '@demand/embedder/training';
import { createShop } from '@demand/testkit';
import { createLogger } from '@demand/telemetry';
import { printEval, progress } from './report.js';
import { classifierScores, wordOverlapSearch } from '@demand/test-e2e';
import { reportShift } from './text-eval/shift-report.js';
import { splitUnseen } from './text-eval/dev-test-split.js';
import { shopExamples, tfidfBaselines } from './text-eval/shop-examples.js';
import { categoryPrecision, scoreOn, trainForUnseen, type UnseenSet } from './text-eval/unseen-scores.js';
import { UNSEEN_EVAL_SHOP, unseenSet } from './text-eval/unseen-set.js';

/** Days of the shop's events streamed through the platform. */
const SHOP_DAYS = 14;
/** The events whose text the embedder records for training (reviews, searches, dialog turns). */
const TEXT_EVENTS = new Set(['review', 'search', 'dialogTurn']);

// TEXT_EVAL_CORPUS=<file>: the corpus read through the platform is kept there and read back by later
// runs (same data, so two runs differ only by training); without it every run streams the shop again.
const CORPUS_FILE = process.env.TEXT_EVAL_CORPUS;
const corpus: TrainingCorpus =
  CORPUS_FILE && existsSync(CORPUS_FILE)
    ? (JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as TrainingCorpus)
    : await corpusThroughThePlatform();
if (CORPUS_FILE && !existsSync(CORPUS_FILE)) writeFileSync(CORPUS_FILE, JSON.stringify(corpus));
progress(
  `corpus from ClickHouse: ${corpus.items.length} items, ${corpus.reviews.length} reviews, ${corpus.queries.length} queries ` +
    `(${corpus.queries.filter((q) => q.clickedItems).length} with clicks), ${corpus.dialogTurns.length} dialog turns ` +
    `(${corpus.dialogTurns.filter((t) => t.intent).length} labelled), window ${corpus.window.start} – ${corpus.window.end}`,
);
const unseen = unseenSet();
progress(
  `unseen texts: ${unseen.reviews.length} reviews, ${unseen.turns.length} customer turns, ` +
    `${unseen.queries.length} queries`,
);
const halves = splitUnseen(unseen);
for (const [half, set] of Object.entries(halves))
  progress(`${half}: ${set.reviews.length} reviews, ${set.turns.length} customer turns, ${set.queries.length} queries`);
const trainedOnShop = await trainForUnseen(corpus, 'shop', unseen);
const firstStart = await trainForUnseen(genericSeedCorpus(), 'generic seed', unseen);

const examples = shopExamples(corpus);
const baselineClassifiers = tfidfBaselines(corpus);
const overlap = wordOverlapSearch(unseen.items.map((item) => itemDocument(item)));

for (const [half, set] of [
  ['dev', halves.dev],
  ['test', halves.test],
] as const) {
  for (const task of ['sentiment', 'intent'] as const)
    reportShift(`${task} (${half})`, examples[task], task === 'sentiment' ? set.reviews : set.turns, {
      shop: trainedOnShop.classifiers[task],
      'first start': firstStart.classifiers[task],
      baseline: baselineClassifiers[task],
    });
  reportHalf(half, set);
}

function reportHalf(half: 'dev' | 'test', set: UnseenSet): void {
  const shopScores = scoreOn(trainedOnShop, set);
  const seedScores = scoreOn(firstStart, set);
  const baseline = {
    sentiment: classifierScores(set.reviews, baselineClassifiers.sentiment),
    intent: classifierScores(set.turns, baselineClassifiers.intent),
    search: categoryPrecision(set, (query) => overlap(query, 10)),
  };
  const f = (n: number) => n.toFixed(3);
  for (const [name, scores] of [
    ['first start (generic seed)', seedScores],
    ['trained on the shop', shopScores],
  ] as const)
    progress(
      `${half}: ${name}: search P@10 vector only ${f(scores.vectorOnly.all)} (zh ${f(scores.vectorOnly.zh)}, ` +
        `en ${f(scores.vectorOnly.en)}), word-match BM25 only ${f(scores.keywordOnly.all)} ` +
        `(zh ${f(scores.keywordOnly.zh)}, en ${f(scores.keywordOnly.en)})`,
    );
  for (const [name, scores] of [
    ['first start (generic seed)', seedScores],
    ['trained on the shop', shopScores],
    ['baseline', baseline],
  ] as const)
    progress(
      `${half}: ${name}: sentiment acc ${f(scores.sentiment.accuracy)} (zh ${f(scores.sentiment.zh)}, ` +
        `en ${f(scores.sentiment.en)}) F1 ${f(scores.sentiment.macroF1)}; intent F1 ${f(scores.intent.macroF1)} ` +
        `(zh acc ${f(scores.intent.zh)}, en ${f(scores.intent.en)}); search P@10 ${f(scores.search.all)} ` +
        `(zh ${f(scores.search.zh)}, en ${f(scores.search.en)})`,
    );
  const suffix = half === 'dev' ? '_dev' : '';
  printEval(`sentiment_unseen${suffix}`, 'accuracy', shopScores.sentiment.accuracy, baseline.sentiment.accuracy);
  printEval(`sentiment_unseen${suffix}`, 'macro_f1', shopScores.sentiment.macroF1, baseline.sentiment.macroF1);
  printEval(`intent_unseen${suffix}`, 'macro_f1', shopScores.intent.macroF1, baseline.intent.macroF1);
  printEval(`search_unseen${suffix}`, 'category_precision@10', shopScores.search.all, baseline.search.all);
  for (const language of ['zh', 'en'] as const)
    printEval(
      `search_unseen_${language}${suffix}`,
      'category_precision@10',
      shopScores.search[language],
      baseline.search[language],
    );
}

async function corpusThroughThePlatform(): Promise<TrainingCorpus> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eval-text-unseen-'));
  const platform = await startLocalPlatform({
    dataDir,
    env: { LOG_LEVEL: 'warn' },
    fixedPorts: false,
    loggerFor: (service) => createLogger({ service, level: 'warn', destination: process.stderr as never }),
  });
  try {
    const source = createShop(UNSEEN_EVAL_SHOP);
    const run = source.generateEvents({ days: SHOP_DAYS, runId: 'unseen' });
    const events = [...run];
    const started = Date.now();
    await streamShop(source, events, events.length, {
      collectorAddress: platform.grpcAddress('collector'),
      storedEvents: storedEventCounter(platform.analytics),
      batchSize: 1000,
      maxInFlight: 60_000,
      onProgress: () => undefined,
    });
    progress(
      `streamed ${events.length} events through the collector in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    // An operator labels the customer turns' intents (Feedback.SubmitLabels would write the same rows).
    const labelledAt = new Date().toISOString();
    await platform.analytics.insert(
      'embedder_text_labels',
      [...run.truth.customerTurnIntents].map(([eventId, intent]) => ({
        text_id: eventId,
        task: 'intent',
        label: intent,
        text: '',
        source: 'operator',
        labelled_at: labelledAt,
      })),
    );
    const texts = events.filter((event) => TEXT_EVENTS.has(event.payload?.$case ?? '')).length;
    const recorded = await untilRecorded(texts, async () => {
      const [row] = await platform.analytics.query<{ n: number }>(
        `SELECT count() AS n FROM embedder_training_texts FINAL WHERE kind != 'item'`,
      );
      return Number(row?.n ?? 0);
    });
    progress(`the embedder recorded ${recorded} of the ${texts} texts streamed`);
    const adapter = new ClickHouseTrainingCorpus(platform.analytics, {
      clickWindowMinutes: 30,
      maxTextsPerKind: 50_000,
    });
    return await adapter.read({ days: 3650, now: new Date() });
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits until the embedder has recorded every streamed text (a corpus read earlier would train on
 * part of the shop, and two runs on the same events would differ), or until the count has not
 * moved for 30 s (the preprocessor may drop a text), and returns the count.
 */
async function untilRecorded(expected: number, count: () => Promise<number>): Promise<number> {
  let last = -1;
  let steady = 0;
  const deadline = Date.now() + 900_000;
  while (Date.now() < deadline) {
    const now = await count();
    if (now >= expected) return now;
    steady = now > 0 && now === last ? steady + 1 : 0;
    if (steady >= 30) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the embedder had recorded ${last} of ${expected} texts after 15 minutes`);
}
