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
import { KeywordIndex } from '../src/domain/keyword-ranking.js';
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

  it('item search analyses the catalog and the gRPC query alike (width, case, English stems)', async () => {
    const catalogItems = new CatalogItems();
    catalogItems.upsert(ItemUpsert.fromPartial({ itemId: 'jeans', title: 'ＳＬＩＭ Denim Jeans 牛仔褲' }));
    catalogItems.upsert(ItemUpsert.fromPartial({ itemId: 'shoes', title: 'Casual Shoes 休閒鞋' }));
    const queries: string[] = [];
    class RecordingIndex extends KeywordIndex {
      override search(query: string, limit: number, accept?: (id: string) => boolean) {
        queries.push(query);
        return super.search(query, limit, accept);
      }
    }
    const keywords = new RecordingIndex();
    for (const item of catalogItems.all()) keywords.upsert(item.itemId, modelText(item.title));
    const analyst = new TextAnalyst({
      models: new FakeTextModels(),
      store,
      collections: new Collections(store),
      catalog: new CatalogTerms(),
      keywords,
    });
    const raw = ['ＤＥＮＩＭＳ for women', 'SHOE', '牛仔裤'];
    for (const query of raw) await analyst.semanticSearch(SemanticSearchRequest.fromPartial({ query }));
    assert.deepEqual(queries, raw.map(modelText));
    assert.deepEqual(
      queries.map((query) => catalogItems.keywords.search(query, 1)[0]?.id),
      ['jeans', 'shoes', 'jeans'],
    );
    assert.deepEqual(searchTerms(modelText('ＤＥＮＩＭＳ')), searchTerms(modelText('denim')));
  });
});
