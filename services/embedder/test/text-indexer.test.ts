import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { DialogRole, TextKind, type EmbeddingUpdated } from '@demand/contracts';
import { EmbeddedVectorStore } from '@demand/vector-store';
import { CatalogTerms, type CatalogTermsSnapshot } from '../src/domain/catalog-terms.js';
import { CatalogItems } from '../src/domain/catalog-items.js';
import { Collections } from '../src/domain/collections.js';
import { TextIndexer } from '../src/domain/text-indexer.js';
import { ITEMS, itemEvent } from './support/catalog-items.js';
import { FakeTextModels, HashingEncoder, cleanText, query, review, turn } from './support/fake-models.js';

let dir: string;
let store: EmbeddedVectorStore;
let models: FakeTextModels;
let published: EmbeddingUpdated[];
let saved: CatalogTermsSnapshot[];
let catalog: CatalogTerms;
let indexer: TextIndexer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedder-indexer-'));
  store = new EmbeddedVectorStore({ dataDir: dir });
  models = new FakeTextModels();
  published = [];
  saved = [];
  catalog = new CatalogTerms();
  indexer = new TextIndexer({
    models,
    store,
    collections: new Collections(store),
    events: { publish: async (events) => void published.push(...events) },
    catalog,
    catalogStore: { load: async () => undefined, save: async (snapshot) => void saved.push(snapshot) },
    clock: () => new Date('2026-03-02T00:00:00Z'),
    chunkSize: 2,
  });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('TextIndexer', () => {
  it('re-embeds the whole catalog with an encoder not yet in service, into that encoder’s collection', async () => {
    const items = new CatalogItems();
    for (const item of ITEMS) {
      const upsert = itemEvent(item).event?.payload;
      if (upsert?.$case === 'itemUpsert') items.upsert(upsert.itemUpsert);
    }
    assert.equal(items.keywords.search('earbuds', 1)[0]?.id, 'i-4');
    const next = new HashingEncoder(16);
    const handle = { encoder: next, version: 'next@2#ffff0000', tag: 'ffff0000', dimensions: 16 };
    models.unavailable = 'the service’s encoder is not asked';
    const outcome = await indexer.reembedCatalog(handle, items.all());
    assert.deepEqual(outcome, { indexed: 5, skipped: 0, byKind: { item: 5 } });
    assert.equal(await store.count('items_ffff0000'), 5);
    const [phone] = await store.retrieve('items_ffff0000', ['i-3'], { withVector: true });
    assert.equal(phone?.vector?.length, 16);
    assert.equal(phone?.payload['price'], 1999);
    assert.ok(published.every((event) => event.encoderVersion === 'next@2#ffff0000'));
  });

  it('embeds catalog items into items_<encoder tag> with their filterable fields and learns the catalog terms', async () => {
    const outcome = await indexer.indexItems(ITEMS.map((item) => itemEvent(item)));
    assert.deepEqual(outcome, { indexed: 5, skipped: 0, byKind: { item: 5 } });
    assert.equal(await store.count('items_abcd1234'), 5);
    const [dress] = await store.retrieve('items_abcd1234', ['i-1']);
    assert.deepEqual(dress?.payload['category_path'], ['服装', '女装', '连衣裙']);
    assert.equal(dress?.payload['brand'], '素语');
    assert.equal(dress?.payload['price'], 199);
    assert.equal(dress?.payload['language'], 'zh');
    assert.ok(
      models.encoderImpl.calls.flat()[0]?.includes('suyu summer linen dress'),
      'the English title is part of the item text',
    );
    assert.ok(
      models.encoderImpl.calls.every((call) => call.length <= 2),
      'texts go to the encoder in chunks',
    );
    assert.equal(published.length, 5);
    assert.equal(published[0]?.kind, TextKind.TEXT_KIND_ITEM);
    assert.equal(published[0]?.textId, 'item:i-1');
    assert.equal(published[0]?.vector.length, 32);
    assert.equal(published[0]?.encoderVersion, 'fake@1#abcd1234');
    assert.equal(saved.length, 1);
    assert.ok(saved[0]?.brands.includes('米果') && saved[0]?.attributeValues['颜色']?.includes('红色'));
  });

  it('indexes reviews (with sentiment and the item’s fields), queries and dialog turns (customer turns with an intent)', async () => {
    await indexer.indexItems([itemEvent(ITEMS[0]!)]);
    published.length = 0;
    const outcome = await indexer.indexTexts([
      review('ev-r1', 'i-1', '非常满意，推荐购买', 5),
      review('ev-r2', 'i-9', '质量太差了，很失望', 1),
      query('ev-q1', '夏季连衣裙'),
      turn('ev-t1', '我想退货', DialogRole.DIALOG_ROLE_CUSTOMER),
      turn('ev-t2', '亲，支持七天无理由退货', DialogRole.DIALOG_ROLE_AGENT),
    ]);
    assert.deepEqual(outcome, { indexed: 5, skipped: 0, byKind: { review: 2, query: 1, dialog: 2 } });
    const [happy, unhappy] = await store.retrieve('reviews_abcd1234', ['ev-r1', 'ev-r2']);
    assert.equal(happy?.payload['sentiment'], 'positive');
    assert.equal(happy?.payload['sentiment_probability'], 0.8);
    assert.equal(happy?.payload['rating'], 5);
    assert.deepEqual(happy?.payload['category_path'], ['服装', '女装', '连衣裙'], 'copied from the indexed item');
    assert.equal(happy?.payload['item_title'], '素语 夏季亚麻连衣裙 红色');
    assert.equal(unhappy?.payload['sentiment'], 'negative');
    assert.equal(unhappy?.payload['category_path'], undefined, 'its item is not indexed (yet)');
    const [customer, agent] = await store.retrieve('dialogs_abcd1234', ['ev-t1', 'ev-t2']);
    assert.equal(customer?.payload['intent'], 'return');
    assert.equal(customer?.payload['role'], 'customer');
    assert.equal(agent?.payload['intent'], undefined, 'agent turns get no intent');
    assert.equal(await store.count('queries_abcd1234'), 1);

    const byId = new Map(published.map((event) => [event.textId, event]));
    assert.equal(byId.get('ev-r1')?.sentiment?.label, 'positive');
    assert.equal(byId.get('ev-r1')?.rating, 5);
    assert.equal(byId.get('ev-t1')?.intent?.label, 'return');
    assert.equal(byId.get('ev-t1')?.intent?.modelVersion, 'intent-head@1');
    assert.equal(byId.get('ev-q1')?.sentiment, undefined);
    assert.equal(byId.get('ev-q1')?.userId, 'u-1');
  });

  it('skips catalog texts, empty texts and unknown kinds, and a redelivered batch overwrites itself', async () => {
    const batch = [
      query('ev-q1', '蓝牙耳机'),
      cleanText({ textId: 'item:i-1', kind: TextKind.TEXT_KIND_ITEM, maskedText: '素语 连衣裙' }),
      cleanText({ textId: 'ev-x', kind: TextKind.TEXT_KIND_UNSPECIFIED, maskedText: '?' }),
      query('ev-q2', '   '),
      query('ev-q1', '蓝牙耳机 降噪'),
    ];
    assert.deepEqual(await indexer.indexTexts(batch), { indexed: 1, skipped: 3, byKind: { query: 1 } });
    assert.deepEqual(await indexer.indexTexts(batch), { indexed: 1, skipped: 3, byKind: { query: 1 } });
    assert.equal(await store.count('queries_abcd1234'), 1);
    const [stored] = await store.retrieve('queries_abcd1234', ['ev-q1']);
    assert.equal(stored?.payload['text'], '蓝牙耳机 降噪', 'the later copy in a batch wins');
  });

  it('does nothing at all for a batch with nothing to index, and fails while the models are not ready', async () => {
    assert.deepEqual(await indexer.indexTexts([]), { indexed: 0, skipped: 0, byKind: {} });
    models.unavailable = 'the default text encoder and heads are being trained';
    await assert.rejects(
      indexer.indexTexts([query('ev-q1', '连衣裙')]),
      (error: unknown) => (error as { code?: string }).code === 'UNAVAILABLE',
    );
    assert.equal(published.length, 0);
  });
});
