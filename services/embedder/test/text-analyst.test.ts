import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { SemanticSearchRequest, TextKind } from '@demand/contracts';
import { EmbeddedVectorStore } from '@demand/vector-store';
import { CatalogTerms } from '../src/domain/catalog-terms.js';
import { Collections } from '../src/domain/collections.js';
import { EmbedderError } from '../src/domain/embedder-error.js';
import { itemDocument } from '../src/domain/item-document.js';
import { KeywordIndex } from '../src/domain/keyword-ranking.js';
import { modelText } from '../src/domain/model-text.js';
import { TextAnalyst } from '../src/domain/text-analyst.js';
import { TextIndexer } from '../src/domain/text-indexer.js';
import { ITEMS, itemEvent } from './support/catalog-items.js';
import { FakeTextModels, review } from './support/fake-models.js';

let dir: string;
let store: EmbeddedVectorStore;
let models: FakeTextModels;
let analyst: TextAnalyst;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedder-analyst-'));
  store = new EmbeddedVectorStore({ dataDir: dir });
  models = new FakeTextModels();
  const catalog = new CatalogTerms();
  const collections = new Collections(store);
  const indexer = new TextIndexer({
    models,
    store,
    collections,
    events: { publish: async () => undefined },
    catalog,
    catalogStore: { load: async () => undefined, save: async () => undefined },
  });
  await indexer.indexItems(ITEMS.map((item) => itemEvent(item)));
  await indexer.indexTexts([
    review('ev-r1', 'i-1', '连衣裙非常满意，推荐购买', 5),
    review('ev-r2', 'i-1', '连衣裙质量太差了，很失望', 1),
    review('ev-r3', 'i-3', '手机很好用，推荐', 4),
    review('ev-r4', 'i-2', '连衣裙一般般', 3),
  ]);
  analyst = new TextAnalyst({
    models,
    store,
    collections,
    catalog,
    limits: { maxTexts: 4, maxTextChars: 50, maxQueryChars: 20, maxResults: 10 },
  });
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const search = (request: Partial<SemanticSearchRequest>) =>
  analyst.semanticSearch(SemanticSearchRequest.fromPartial(request));
const code = (expected: string, pattern: RegExp) => (error: unknown) =>
  error instanceof EmbedderError && error.code === expected && pattern.test(error.message);

describe('SemanticSearch', () => {
  it('ranks items by similarity to the query and returns their fields', async () => {
    const { hits, encoderVersion } = await search({ query: '红色连衣裙', limit: 3 });
    assert.equal(encoderVersion, 'fake@1#abcd1234');
    assert.equal(hits.length, 3);
    assert.equal(hits[0]?.id, 'i-1');
    assert.equal(hits[0]?.kind, TextKind.TEXT_KIND_ITEM);
    assert.equal(hits[0]?.text, '素语 夏季亚麻连衣裙 红色');
    assert.deepEqual(hits[0]?.categoryPath, ['服装', '女装', '连衣裙']);
    assert.equal(hits[0]?.price, 199);
    assert.ok(
      hits.every((hit, i) => i === 0 || hit.score <= (hits[i - 1]?.score ?? 1)),
      'best first',
    );
  });

  it('filters by category (any level), brand and price range', async () => {
    const digital = await search({ query: '红色连衣裙', filters: { categories: ['数码'] } as never });
    assert.deepEqual(digital.hits.map((h) => h.id).sort(), ['i-3', 'i-4']);
    const cheapDresses = await search({ query: '连衣裙', filters: { categories: ['连衣裙'], maxPrice: 500 } as never });
    assert.deepEqual(
      cheapDresses.hits.map((h) => h.id),
      ['i-1'],
    );
    const byBrand = await search({ query: '连衣裙', filters: { brands: ['蔓尼', '米果'], minPrice: 1000 } as never });
    assert.deepEqual(
      byBrand.hits.map((h) => h.id),
      ['i-3'],
    );
  });

  it('searches reviews by meaning, filtered by sentiment, stars and the reviewed item’s category', async () => {
    const negative = await search({
      query: '连衣裙',
      kind: TextKind.TEXT_KIND_REVIEW,
      filters: { sentiments: ['negative'] } as never,
    });
    assert.deepEqual(
      negative.hits.map((h) => h.id),
      ['ev-r2'],
    );
    assert.equal(negative.hits[0]?.sentiment, 'negative');
    assert.equal(negative.hits[0]?.rating, 1);
    const praisedDresses = await search({
      query: '推荐',
      kind: TextKind.TEXT_KIND_REVIEW,
      filters: { categories: ['女装'], minRating: 4 } as never,
    });
    assert.deepEqual(
      praisedDresses.hits.map((h) => h.id),
      ['ev-r1'],
    );
    const none = await search({ query: '推荐', kind: TextKind.TEXT_KIND_QUERY });
    assert.deepEqual(none.hits, [], 'nothing indexed of that kind yet');
  });

  it('fuses the word-match ranking with the vector ranking for items, under the same filters', async () => {
    const keywords = new KeywordIndex();
    for (const item of ITEMS)
      keywords.upsert(
        item.itemId,
        modelText(itemDocument({ ...item, localizedTitles: item.en ? { en: item.en } : {} })),
      );
    const hybrid = new TextAnalyst({
      models,
      store,
      collections: new Collections(store),
      catalog: new CatalogTerms(),
      keywords,
    });
    const ask = (request: Partial<SemanticSearchRequest>) =>
      hybrid.semanticSearch(SemanticSearchRequest.fromPartial(request));
    const vectorOnly = await search({ query: 'earbuds please', limit: 5 });
    const fused = await ask({ query: 'earbuds please', limit: 5 });
    assert.notEqual(vectorOnly.hits[0]?.id, 'i-4', 'the stand-in encoder alone misses it');
    assert.equal(fused.hits[0]?.id, 'i-4', 'the subword match lifts it');
    assert.equal(fused.hits.length, 5);
    const clothes = await ask({ query: 'earbuds please', filters: { categories: ['服装'] } as never });
    assert.deepEqual(clothes.hits.map((hit) => hit.id).sort(), ['i-1', 'i-2']);
    const reviews = await ask({ query: 'earbuds', kind: TextKind.TEXT_KIND_REVIEW, limit: 2 });
    assert.equal(reviews.hits.length, 2, 'other kinds stay vector-only');
  });

  it('keeps only hits above min_score', async () => {
    const all = await search({ query: '红色连衣裙', limit: 10 });
    const threshold = ((all.hits[0]?.score ?? 0) + (all.hits[1]?.score ?? 0)) / 2;
    const strict = await search({ query: '红色连衣裙', limit: 10, minScore: threshold });
    assert.deepEqual(
      strict.hits.map((h) => h.id),
      ['i-1'],
    );
  });

  it('refuses bad requests naming the field', async () => {
    await assert.rejects(search({ query: ' ' }), code('INVALID_ARGUMENT', /^query: must not be empty/));
    await assert.rejects(search({ query: 'x'.repeat(21) }), code('INVALID_ARGUMENT', /^query: at most 20 characters/));
    await assert.rejects(search({ query: '连衣裙', limit: 11 }), code('INVALID_ARGUMENT', /^limit: at most 10/));
    await assert.rejects(search({ query: '连衣裙', minScore: 2 }), code('INVALID_ARGUMENT', /^min_score/));
    await assert.rejects(
      search({ query: '连衣裙', filters: { minPrice: 10, maxPrice: 5 } as never }),
      code('INVALID_ARGUMENT', /^filters\.min_price: must not exceed max_price/),
    );
    await assert.rejects(
      search({ query: '连衣裙', filters: { maxRating: 6 } as never }),
      code('INVALID_ARGUMENT', /^filters\.max_rating/),
    );
    await assert.rejects(
      search({ query: '连衣裙', filters: { sentiments: ['angry'] } as never }),
      code('INVALID_ARGUMENT', /^filters\.sentiments\[0\]/),
    );
    await assert.rejects(
      search({ query: '连衣裙', filters: { brands: ['素语', ''] } as never }),
      code('INVALID_ARGUMENT', /^filters\.brands\[1\]: must not be empty/),
    );
    await assert.rejects(search({ query: '连衣裙', kind: 99 as TextKind }), code('INVALID_ARGUMENT', /^kind/));
  });
});

describe('Embed', () => {
  it('returns one unit vector per text, in order, with the encoder version', async () => {
    const response = await analyst.embed({ texts: ['连衣裙', 'dress', '连衣裙'] });
    assert.equal(response.dimensions, 32);
    assert.equal(response.embeddings.length, 3);
    assert.deepEqual(response.embeddings[0]?.values, response.embeddings[2]?.values);
    assert.notDeepEqual(response.embeddings[0]?.values, response.embeddings[1]?.values);
    assert.ok(Math.abs(Math.hypot(...(response.embeddings[1]?.values ?? [])) - 1) < 1e-5);
  });

  it('refuses empty, too many and too long texts', async () => {
    await assert.rejects(analyst.embed({ texts: [] }), code('INVALID_ARGUMENT', /^texts: must not be empty/));
    await assert.rejects(
      analyst.embed({ texts: ['a', 'b', 'c', 'd', 'e'] }),
      code('INVALID_ARGUMENT', /at most 4 texts/),
    );
    await assert.rejects(
      analyst.embed({ texts: ['ok', ''] }),
      code('INVALID_ARGUMENT', /^texts\[1\]: must not be empty/),
    );
    await assert.rejects(
      analyst.embed({ texts: ['x'.repeat(51)] }),
      code('INVALID_ARGUMENT', /^texts\[0\]: at most 50 characters/),
    );
  });
});

describe('Analyze', () => {
  it('answers sentiment and intent with probabilities, the catalog entities and the language', async () => {
    const answer = await analyst.analyze({ text: '素语的红色连衣裙太差了，200元以内有吗' });
    assert.equal(answer.sentiment?.label, 'negative');
    assert.equal(answer.sentiment?.probability, 0.8);
    assert.equal(answer.sentiment?.scores.length, 3);
    assert.equal(answer.sentiment?.modelVersion, 'sentiment-head@1');
    assert.equal(answer.intent?.label, 'return');
    assert.equal(answer.language, 'zh');
    const entities = answer.entities.map((e) => `${e.kind}:${e.value}`);
    assert.ok(entities.includes('brand:素语'), entities.join());
    assert.ok(entities.includes('category:连衣裙'), entities.join());
    assert.ok(entities.includes('attribute:红色'), entities.join());
    assert.ok(
      answer.entities.some((e) => e.kind === 'price'),
      entities.join(),
    );
    const brand = answer.entities.find((e) => e.kind === 'brand');
    assert.equal('素语的红色连衣裙太差了，200元以内有吗'.slice(brand?.start, brand?.end), '素语');
  });

  it('says UNAVAILABLE with the reason while the models are being trained', async () => {
    models.unavailable = 'the default text encoder and heads are being trained; retry shortly';
    try {
      await assert.rejects(analyst.analyze({ text: '你好' }), code('UNAVAILABLE', /being trained/));
      await assert.rejects(analyst.embed({ texts: ['你好'] }), code('UNAVAILABLE', /being trained/));
    } finally {
      models.unavailable = undefined;
    }
  });
});
