import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { AnalyzeRequest, EmbedRequest, ItemUpsert, SemanticSearchRequest, TextKind } from '@demand/contracts';
import { EmbeddedVectorStore } from '@demand/vector-store';
import { CatalogItems } from '../src/domain/catalog-items.js';
import { CatalogTerms } from '../src/domain/catalog-terms.js';
import { Collections } from '../src/domain/collections.js';
import { modelText } from '../src/domain/model-text.js';
import { searchTerms } from '../src/domain/search-terms.js';
import { TextAnalyst } from '../src/domain/text-analyst.js';
import { TextIndexer } from '../src/domain/text-indexer.js';
import type { TrainingTextRow } from '../src/ports/training-corpus.port.js';
import { normalizedCorpus } from '../src/training/bootstrap-models.js';
import { FakeTextModels, query } from './support/fake-models.js';

/** Raw texts as a shop or a caller may send them: full-width, traditional Chinese, HTML, capitals. */
const RAW = ['ＡＰＰＬＥ　手機殼 很好用', '<b>Summer</b> DRESS &amp; 連衣裙', '退貨　怎麼辦？ＯＫ'];

let dir: string;
let store: EmbeddedVectorStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedder-parity-'));
  store = new EmbeddedVectorStore({ dataDir: dir });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('one text normalisation for training, indexing and the gRPC edge', () => {
  it('folds width, script, markup and case the same way', () => {
    assert.deepEqual(RAW.map(modelText), ['apple 手机壳 很好用', 'summer dress & 连衣裙', '退货 怎么办?ok']);
  });

  it('the encoder reads the same string whichever path a text takes', async () => {
    const expected = RAW.map(modelText);
    const training = normalizedCorpus({
      items: RAW,
      reviews: RAW.map((text) => ({ text, rating: 5 })),
      queries: RAW.map((text) => ({ text, clickedItems: [text] })),
      dialogTurns: RAW.map((text) => ({ text, intent: 'return' })),
      source: { kind: 'generic-seed', version: 1 },
      window: { start: '', end: '' },
    });
    assert.deepEqual(training.items, expected);
    assert.deepEqual(
      training.reviews.map((r) => r.text),
      expected,
    );
    assert.deepEqual(
      training.queries.map((q) => q.clickedItems?.[0]),
      expected,
    );
    assert.deepEqual(
      training.dialogTurns.map((t) => t.text),
      expected,
    );

    const models = new FakeTextModels();
    const recorded: TrainingTextRow[] = [];
    const collections = new Collections(store);
    const catalog = new CatalogTerms();
    const indexer = new TextIndexer({
      models,
      store,
      collections,
      events: { publish: async () => undefined },
      catalog,
      catalogStore: { load: async () => undefined, save: async () => undefined },
      trainingTexts: { record: async (rows) => void recorded.push(...rows) },
    });
    await indexer.indexTexts(RAW.map((text, i) => query(`q-${i}`, text)));
    assert.deepEqual(models.encoderImpl.calls.flat(), expected);
    // The corpus keeps what the shop sent; training normalises it like everything else.
    assert.deepEqual(
      recorded.map((row) => row.text),
      RAW.map((text) => text.trim()),
    );

    models.encoderImpl.calls.length = 0;
    const analyst = new TextAnalyst({ models, store, collections, catalog });
    await analyst.embed(EmbedRequest.fromPartial({ texts: RAW }));
    for (const text of RAW) {
      await analyst.semanticSearch(SemanticSearchRequest.fromPartial({ query: text, kind: TextKind.TEXT_KIND_QUERY }));
      await analyst.analyze(AnalyzeRequest.fromPartial({ text }));
    }
    const edge = models.encoderImpl.calls.flat();
    assert.deepEqual(edge.slice(0, 3), expected);
    assert.deepEqual(
      edge.slice(3),
      expected.flatMap((text) => [text, text]),
    );
  });

  it('item search analyses the catalog and the gRPC query alike (width, case, English stems, stop words)', async () => {
    const catalogItems = new CatalogItems();
    catalogItems.upsert(ItemUpsert.fromPartial({ itemId: 'tv', title: 'Smart TV 65 inch 智能電視' }));
    catalogItems.upsert(ItemUpsert.fromPartial({ itemId: 'pc', title: 'Gaming PC 電競主機' }));
    catalogItems.upsert(ItemUpsert.fromPartial({ itemId: 'jeans', title: 'ＳＬＩＭ Denim Jeans 牛仔褲' }));
    // The service's index (CatalogItems.keywords), watched: the query it is asked and what it finds.
    const seen: { query: string; found: string | undefined }[] = [];
    const index = catalogItems.keywords;
    const search = index.search.bind(index);
    index.search = (query, limit, accept) => {
      const hits = search(query, limit, accept);
      seen.push({ query, found: hits[0]?.id });
      return hits;
    };
    const analyst = new TextAnalyst({
      models: new FakeTextModels(),
      store,
      collections: new Collections(store),
      catalog: new CatalogTerms(),
      keywords: index,
    });
    const raw = ['ＴＶＳ', 'PCs for THE gamer', '牛仔裤'];
    for (const query of raw) await analyst.semanticSearch(SemanticSearchRequest.fromPartial({ query }));
    assert.deepEqual(
      seen.map(({ query }) => query),
      raw.map(modelText),
    );
    assert.deepEqual(
      seen.map(({ found }) => found),
      ['tv', 'pc', 'jeans'],
    );
    // "tvs" and "pcs" reach "tv" and "pc" only through their stems: unstemmed, they share no term.
    const unstemmed = (text: string) => new Set(searchTerms(text, { stem: false, dropStopwords: true }));
    for (const [query, title] of [
      ['tvs', 'smart tv 65 inch'],
      ['pcs', 'gaming pc'],
    ] as const)
      assert.equal([...unstemmed(query)].filter((term) => unstemmed(title).has(term)).length, 0, query);
    assert.ok(!searchTerms('pcs for the gamer').some((term) => ['w:for', 'w:the'].includes(term)));
  });
});
