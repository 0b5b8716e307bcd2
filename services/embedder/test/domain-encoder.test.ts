import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import { trainDomainEncoder } from '../src/training/train-domain-encoder.js';
import { dot, encodeAll, heldOutShop, smallCorpus, smallDomainEncoder } from './support/small-shop.js';

/** A small encoder quick to train. */
const TINY = { vocabSize: 800, semanticDimensions: 32, hiddenSize: 64, commonVocabulary: false };

afterAll(async () => (await smallDomainEncoder()).encoder.close());

describe('the domain encoder trained on the shop corpus', () => {
  it('exports the BERT interface: 256-wide unit vectors, mean pooling, a WordPiece tokenizer.json', async () => {
    const { files, encoder } = await smallDomainEncoder();
    assert.deepEqual(files.config, { pooling: 'mean', maxLength: 128, normalize: true });
    assert.equal((files.tokenizerJson as { model: { type: string } }).model.type, 'WordPiece');
    const [vector] = await encoder.encode(['夏季连衣裙']);
    assert.equal(vector?.length, 256);
    assert.ok(Math.abs(dot(vector as Float32Array, vector as Float32Array) - 1) < 1e-5);
  });

  it('puts similar texts close together, across Chinese and English', async () => {
    const { encoder } = await smallDomainEncoder();
    const [dressZh, dressEn, phoneZh, dressItem, phoneItem, unhappy, refund, happy] = (await encoder.encode([
      '连衣裙',
      'dress',
      '智能手机',
      '素语 夏季亚麻连衣裙 红色 Suyu Summer Linen Dress, Red 服装 女装 连衣裙',
      '米果 快充智能手机 黑色 Migo Fast-Charging Smartphone, Black 数码 手机通讯 智能手机',
      '质量太差了，很失望',
      '差评，后悔买了，再也不会买了',
      '非常满意，推荐购买',
    ])) as Float32Array[];
    assert.ok(dot(dressZh!, dressItem!) > dot(dressZh!, phoneItem!) + 0.1, 'Chinese query → the dress, not the phone');
    assert.ok(dot(dressEn!, dressItem!) > dot(dressEn!, phoneItem!) + 0.1, 'English query → the dress');
    assert.ok(dot(phoneZh!, phoneItem!) > dot(phoneZh!, dressItem!) + 0.1);
    assert.ok(dot(dressZh!, dressEn!) > dot(dressZh!, phoneZh!), '连衣裙 is nearer "dress" than 智能手机 is');
    assert.ok(dot(unhappy!, refund!) > dot(unhappy!, happy!), 'complaints are nearer each other than praise');
  });

  it('finds the shopper’s item in the top 10 for most queries of a shop it never saw', async () => {
    const { encoder } = await smallDomainEncoder();
    const shop = heldOutShop();
    const items = await encodeAll(encoder, shop.items);
    const queries = shop.queries.slice(0, 600).map((query) => query.text);
    const vectors = await encodeAll(encoder, queries);
    let hits = 0;
    vectors.forEach((query, q) => {
      const ranked = items
        .map((item, i) => [dot(query, item), i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 10);
      if (ranked.some(([, i]) => shop.shop.items[i]?.itemId === shop.truth.queryTargets[q])) hits++;
    });
    const rate = hits / queries.length;
    assert.ok(rate >= 0.8, `target item in the top 10 for ${(rate * 100).toFixed(1)}% of queries`);
  });

  it('is deterministic: the same corpus and seed give the same model bytes', () => {
    const a = trainDomainEncoder(smallCorpus(), TINY);
    const b = trainDomainEncoder(smallCorpus(), TINY);
    assert.deepEqual(a.files.model, b.files.model);
    assert.equal(a.report.hiddenSize, 64);
  });

  it('reports how many dictionary words of the shop’s texts it counted as contexts', () => {
    const counted = trainDomainEncoder(smallCorpus(), TINY).report.dictionaryContexts;
    assert.ok(counted > 50, `${counted} dictionary contexts`);
    assert.equal(trainDomainEncoder(smallCorpus(), { ...TINY, dictionary: false }).report.dictionaryContexts, 0);
  });
});
