import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CleanEvent, SemanticSearchRequest, TextKind } from '@demand/contracts';
import { accuracy, confusionMatrix, expectedCalibrationError, macroF1 } from '@demand/ml';
import {
  CatalogItems,
  CatalogTerms,
  Collections,
  decodeHeadArtifact,
  itemDocument,
  type OnnxTextEncoder,
  predict,
  sentimentFromRating,
  TextAnalyst,
  TextIndexer,
  trainBootstrapModels,
  type TextHead,
  type TextModels,
  type TrainingCorpus,
} from '@demand/embedder/training';
import { createShop, type ShopCorpusOptions, shopCorpusTexts, shopTexts } from '@demand/testkit';
import { EmbeddedVectorStore } from '@demand/vector-store';
import { keywordSearch } from './keyword-baseline.js';
import { openQuietly } from './quiet-encoder.js';

export interface ClassifierScore {
  examples: number;
  accuracy: number;
  macroF1: number;
  expectedCalibrationError: number;
  baselineAccuracy: number;
  baselineMacroF1: number;
}

export interface ShopEvaluation {
  search: {
    queries: number;
    /** Share of queries whose shopper's item is in the top 10. */
    targetTop10: number;
    keywordTargetTop10: number;
    /** Share of queries with at least one item satisfying the need in the top 10. */
    relevantTop10: number;
    keywordRelevantTop10: number;
    targetTop10ByLanguage: Record<string, number>;
  };
  sentiment: ClassifierScore & { starsAgreeWithTruth: number };
  intent: ClassifierScore;
  trainingMs: number;
}

const silentSink = { publish: async () => undefined };

/**
 * Trains the default models exactly as the service does (on the bootstrap shop) and scores them
 * on another shop with known truth: semantic search through the service's indexer and search
 * (beside keyword matching), sentiment against the sentiment the reviews were written with
 * (the heads learn from noisy stars), intent on labelled customer turns (beside the majority class).
 */
export async function evaluateOnShop(
  train: ShopCorpusOptions,
  test: ShopCorpusOptions,
  progress: (line: string) => void = () => undefined,
): Promise<ShopEvaluation> {
  const started = performance.now();
  const corpus = shopCorpus(train);
  const trained = await trainBootstrapModels(corpus, { train: true }, openQuietly);
  const trainingMs = performance.now() - started;
  progress(`trained encoder and heads in ${(trainingMs / 1000).toFixed(1)} s on ${JSON.stringify(corpus.source)}`);
  const encoderFiles = trained.encoder as NonNullable<typeof trained.encoder>;
  const encoder = await openQuietly({
    model: encoderFiles.model,
    tokenizerJson: JSON.parse(encoderFiles.tokenizerText) as unknown,
    config: encoderFiles.config,
  });
  const heads = {
    sentiment: decodeHeadArtifact(trained.sentiment.artifact, 'sentiment', 'eval'),
    intent: decodeHeadArtifact(trained.intent.artifact, 'intent', 'eval'),
  };
  const models: TextModels = {
    encoder: () => ({ encoder, version: 'eval', tag: 'eval0000', dimensions: encoder.dimensions }),
    heads: () => heads,
  };

  const shop = createShop({ seed: test.seed, users: test.users, items: test.items });
  const held = { items: shop.items.map((item) => itemDocument(item)), ...shopTexts(shop, test.days, 'eval') };
  const dir = await mkdtemp(join(tmpdir(), 'embedder-eval-'));
  const store = new EmbeddedVectorStore({ dataDir: dir });
  try {
    const collections = new Collections(store);
    const catalog = new CatalogTerms();
    const indexer = new TextIndexer({
      models,
      store,
      collections,
      events: silentSink,
      catalog,
      catalogStore: { load: async () => undefined, save: async () => undefined },
    });
    const itemEvents = shop.itemUpsertEvents().map((event) => CleanEvent.fromPartial({ event }));
    await indexer.indexItems(itemEvents);
    // What every replica keeps from catalog.items.v1 for the word-match half of item search.
    const catalogItems = new CatalogItems();
    for (const { event } of itemEvents)
      if (event?.payload?.$case === 'itemUpsert') catalogItems.upsert(event.payload.itemUpsert);
    const analyst = new TextAnalyst({ models, store, collections, catalog, keywords: catalogItems.keywords });
    const search = await evaluateSearch(
      analyst,
      shop.items.map((item) => item.itemId),
      held,
    );
    const sentimentTruth = held.truth.reviewSentiments;
    const reviewVectors = await encodeAll(
      encoder,
      held.reviews.map((r) => r.text),
    );
    const sentiment = scoreHead(
      heads.sentiment,
      held.reviews.map((r) => r.text),
      reviewVectors,
      sentimentTruth,
      corpus.reviews.map((r) => sentimentFromRating(r.rating)),
    );
    const turns = held.dialogTurns.flatMap((turn) =>
      turn.intent === undefined ? [] : [{ text: turn.text, intent: turn.intent }],
    );
    const turnVectors = await encodeAll(
      encoder,
      turns.map((t) => t.text),
    );
    const trainingIntents = corpus.dialogTurns.flatMap((turn) => (turn.intent === undefined ? [] : [turn.intent]));
    const intent = scoreHead(
      heads.intent,
      turns.map((t) => t.text),
      turnVectors,
      turns.map((t) => t.intent),
      trainingIntents,
    );
    const starsAgreeWithTruth = accuracy(
      sentimentTruth.map(code),
      held.reviews.map((r) => code(sentimentFromRating(r.rating))),
    );
    return { search, sentiment: { ...sentiment, starsAgreeWithTruth }, intent, trainingMs };
  } finally {
    await store.close();
    await encoder.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function evaluateSearch(
  analyst: TextAnalyst,
  itemIds: string[],
  held: ReturnType<typeof shopTexts> & { items: string[] },
): Promise<ShopEvaluation['search']> {
  const keyword = keywordSearch(held.items);
  let target = 0;
  let relevant = 0;
  let keywordTarget = 0;
  let keywordRelevant = 0;
  const byLanguage = new Map<string, [number, number]>();
  for (let q = 0; q < held.queries.length; q++) {
    const query = (held.queries[q] as { text: string }).text;
    const wanted = held.truth.queryTargets[q] as string;
    const satisfying = new Set(held.truth.queryIntentItems[q]);
    const { hits } = await analyst.semanticSearch(
      SemanticSearchRequest.fromPartial({ query, kind: TextKind.TEXT_KIND_ITEM, limit: 10 }),
    );
    const top = hits.map((hit) => hit.id);
    const found = top.includes(wanted);
    target += Number(found);
    relevant += Number(top.some((id) => satisfying.has(id)));
    const keywordTop = keyword(query, 10).map((index) => itemIds[index] as string);
    keywordTarget += Number(keywordTop.includes(wanted));
    keywordRelevant += Number(keywordTop.some((id) => satisfying.has(id)));
    const language = held.truth.queryLanguages[q] as string;
    const counts = byLanguage.get(language) ?? [0, 0];
    byLanguage.set(language, [counts[0] + Number(found), counts[1] + 1]);
  }
  const n = held.queries.length;
  return {
    queries: n,
    targetTop10: target / n,
    keywordTargetTop10: keywordTarget / n,
    relevantTop10: relevant / n,
    keywordRelevantTop10: keywordRelevant / n,
    targetTop10ByLanguage: Object.fromEntries(
      [...byLanguage].map(([language, [hits, total]]) => [language, hits / total]),
    ),
  };
}

function scoreHead(
  head: TextHead,
  texts: string[],
  vectors: Float32Array[],
  truth: string[],
  trainingLabels: string[],
): ClassifierScore {
  const classes = head.classNames;
  const index = (label: string): number => classes.indexOf(label);
  const predictions = texts.map((text, i) => predict(head, vectors[i] as Float32Array, text));
  const yTrue = truth.map(index);
  const yPred = predictions.map((p) => index(p.label));
  const probabilities = predictions.map((p) => Float64Array.from(p.scores.map((s) => s.probability)));
  const majority = mostFrequent(trainingLabels);
  const yBaseline = truth.map(() => index(majority));
  return {
    examples: truth.length,
    accuracy: accuracy(yTrue, yPred),
    macroF1: macroF1(confusionMatrix(yTrue, yPred, classes.length)),
    expectedCalibrationError: expectedCalibrationError(yTrue, probabilities, 10),
    baselineAccuracy: accuracy(yTrue, yBaseline),
    baselineMacroF1: macroF1(confusionMatrix(yTrue, yBaseline, classes.length)),
  };
}

function mostFrequent(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

const SENTIMENT_CODES = ['negative', 'neutral', 'positive'];
function code(label: string): number {
  return SENTIMENT_CODES.indexOf(label);
}

async function encodeAll(encoder: OnnxTextEncoder, texts: readonly string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await encoder.encode(texts.slice(i, i + 64))));
  return out;
}

/** A test-kit shop's texts as a training corpus: what the platform would have gathered from it. */
export function shopCorpus(options: ShopCorpusOptions): TrainingCorpus {
  return {
    ...shopCorpusTexts(options, (item) => itemDocument(item)),
    source: { kind: 'seed-file', path: `testkit seed ${options.seed}` },
    window: { start: '', end: '' },
  };
}
