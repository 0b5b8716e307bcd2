import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import {
  CleanText,
  EmbeddingUpdated,
  TextKind,
  type AnalyzeResponse,
  type EmbedResponse,
  type Event,
  type ItemUpsert,
  type SemanticSearchResponse,
  type TextAnalysisClient,
  type TrackBatchResponse,
  type UpsertItemsResponse,
} from '@demand/contracts';
import { createShop } from '@demand/testkit';
import { waitForDrain } from '../src/consumer-lag.js';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { readTopic, textAnalysisClient, waitForTextModels } from '../src/text-analysis.js';

const shop = createShop({ seed: 23, users: 400, items: 80, startDay: '2026-09-01' });
const run = shop.generateEvents({ days: 6, runId: 'e2etext' });
const events: Event[] = [...run];

describe('the embedder in the platform: texts from the collector to vectors, search and analysis', () => {
  let p: TestPlatform;
  let client: TextAnalysisClient;
  beforeAll(async () => {
    p = await startTestPlatform();
    client = textAnalysisClient(p.platform.grpcAddress('embedder'), p.platform.apiKey);
    const items = shop
      .itemUpsertEvents()
      .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
    await unaryCall<UpsertItemsResponse>((m, o, cb) => p.collector.upsertItems({ items }, m, o, cb));
    for (let i = 0; i < events.length; i += 1000) {
      await unaryCall<TrackBatchResponse>((m, o, cb) =>
        p.collector.trackBatch({ events: events.slice(i, i + 1000) }, m, o, cb),
      );
    }
    await waitForTextModels(client, 180_000);
    await waitForDrain(
      p.admin,
      [
        { groupId: 'preprocessor', topic: 'events.raw.v1' },
        { groupId: 'embedder-items', topic: 'events.clean.v1' },
        { groupId: 'embedder', topic: 'texts.clean.v1' },
      ],
      120_000,
    );
  });
  afterAll(async () => {
    client?.close();
    await p?.stop();
  });

  test('every review, query and dialog turn on texts.clean.v1, and every item, is embedded and announced on embeddings.updated.v1', async () => {
    const texts = await readTopic(p.kafka, 'texts.clean.v1', CleanText);
    const updates = await readTopic(p.kafka, 'embeddings.updated.v1', EmbeddingUpdated);
    const expected = new Set(
      texts.filter((t) => t.kind !== TextKind.TEXT_KIND_ITEM && t.maskedText.trim() !== '').map((t) => t.textId),
    );
    const announced = new Set(updates.map((u) => u.textId));
    assert.ok(expected.size > 500, `${expected.size} texts`);
    for (const id of expected) assert.ok(announced.has(id), `${id} was not embedded`);
    for (const item of shop.items)
      assert.ok(announced.has(`item:${item.itemId}`), `item ${item.itemId} was not embedded`);
    const reviews = updates.filter((u) => u.kind === TextKind.TEXT_KIND_REVIEW);
    assert.ok(reviews.length > 0 && reviews.every((u) => u.sentiment && u.sentiment.probability > 0 && u.rating >= 1));
    const customerTurns = updates.filter((u) => u.kind === TextKind.TEXT_KIND_DIALOG_TURN && u.intent);
    assert.ok(customerTurns.length > 0);
    assert.ok(updates.every((u) => u.vector.length === 256 && u.encoderVersion.startsWith('text-encoder@1#')));
  });

  test('SemanticSearch finds the shopper’s item for the queries the shop generated', async () => {
    const searches = [...run.truth.searches.values()].slice(0, 150);
    let hits = 0;
    for (const search of searches) {
      const answer = await unaryCall<SemanticSearchResponse>((m, o, cb) =>
        client.semanticSearch({ query: search.query, kind: TextKind.TEXT_KIND_ITEM, limit: 10, minScore: 0 }, m, o, cb),
      );
      if (answer.hits.some((hit) => hit.id === search.targetItemId)) hits++;
    }
    assert.ok(hits / searches.length >= 0.8, `target in the top 10 for ${hits} of ${searches.length} queries`);
  });

  test('SemanticSearch filters by category and price, and searches reviews by sentiment', async () => {
    const target =
      shop.items.find((item) => item.categoryPath[2] === '连衣裙') ?? (shop.items[0] as (typeof shop.items)[number]);
    const leaf = target.categoryPath[2] as string;
    const filtered = await unaryCall<SemanticSearchResponse>((m, o, cb) =>
      client.semanticSearch(
        {
          query: leaf,
          kind: TextKind.TEXT_KIND_ITEM,
          limit: 20,
          minScore: 0,
          filters: {
            categories: [leaf],
            brands: [],
            languages: [],
            itemIds: [],
            sentiments: [],
            intents: [],
            minRating: 0,
            maxRating: 0,
            maxPrice: target.price,
          },
        },
        m,
        o,
        cb,
      ),
    );
    assert.ok(
      filtered.hits.length > 0 &&
        filtered.hits.every((hit) => hit.categoryPath.includes(leaf) && hit.price <= target.price),
    );
    assert.ok(filtered.hits.some((hit) => hit.id === target.itemId));
    const negative = await unaryCall<SemanticSearchResponse>((m, o, cb) =>
      client.semanticSearch(
        {
          query: '质量太差了',
          kind: TextKind.TEXT_KIND_REVIEW,
          limit: 10,
          minScore: 0,
          filters: {
            categories: [],
            brands: [],
            languages: [],
            itemIds: [],
            sentiments: ['negative'],
            intents: [],
            minRating: 0,
            maxRating: 0,
          },
        },
        m,
        o,
        cb,
      ),
    );
    assert.ok(negative.hits.every((hit) => hit.sentiment === 'negative' && hit.kind === TextKind.TEXT_KIND_REVIEW));
  });

  test('Analyze, Embed, and INVALID_ARGUMENT naming the field', async () => {
    const complaint = await unaryCall<AnalyzeResponse>((m, o, cb) =>
      client.analyze({ text: '收到的东西是坏的，太气人了，我要投诉' }, m, o, cb),
    );
    assert.equal(complaint.sentiment?.label, 'negative');
    assert.equal(complaint.intent?.label, 'complaint');
    const praise = await unaryCall<AnalyzeResponse>((m, o, cb) =>
      client.analyze({ text: '非常满意，面料很舒服，推荐购买' }, m, o, cb),
    );
    assert.equal(praise.sentiment?.label, 'positive');
    const vectors = await unaryCall<EmbedResponse>((m, o, cb) =>
      client.embed({ texts: ['夏季连衣裙', 'summer dress'] }, m, o, cb),
    );
    assert.equal(vectors.dimensions, 256);
    await assert.rejects(
      unaryCall((m, o, cb) => client.embed({ texts: ['ok', ''] }, m, o, cb)),
      (error: ServiceError) =>
        error.code === status.INVALID_ARGUMENT && error.details === 'texts[1]: must not be empty',
    );
  });
});
