import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fuseItemRankings, fuseRankings, ITEM_FUSION, KeywordIndex } from '../src/domain/keyword-ranking.js';
import { searchTerms, subwordTerms } from '../src/domain/search-terms.js';
import { SUBWORD_FEATURE_COUNT, subwordFeatures } from '../src/domain/subword-features.js';

describe('subword terms', () => {
  it('splits Chinese into characters and pairs, other words into the word and its 3- to 5-grams', () => {
    assert.deepEqual(subwordTerms('裙子'), ['裙', '裙子', '子']);
    const terms = subwordTerms('denims');
    assert.ok(terms.includes('w:denims'));
    assert.ok(terms.includes('g:<den') && terms.includes('g:nims>') && terms.includes('g:enim'));
    assert.deepEqual(subwordTerms('t恤 2kg'), [
      'w:t',
      '恤',
      'w:2kg',
      'g:<2k',
      'g:2kg',
      'g:kg>',
      'g:<2kg',
      'g:2kg>',
      'g:<2kg>',
    ]);
    assert.deepEqual(subwordTerms('225'), ['w:225'], 'numbers stay whole');
  });

  it('hashes them into a unit row of fixed width', () => {
    const row = subwordFeatures('refund please');
    assert.equal(row.length, SUBWORD_FEATURE_COUNT);
    assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-5);
    assert.ok(subwordFeatures('').every((value) => value === 0));
  });
});

describe('search terms', () => {
  const words = (text: string, analysis?: Parameters<typeof searchTerms>[1]) =>
    searchTerms(text, analysis).filter((term) => term.startsWith('w:'));

  it('fold English words to their stem and leave out stop words; Chinese, numbers and units as before', () => {
    assert.deepEqual(words('denims for the women'), ['w:denim', 'w:women']);
    assert.deepEqual(words('sneakers shoes running'), ['w:sneaker', 'w:shoe', 'w:run']);
    assert.deepEqual(searchTerms('裙子 2kg'), subwordTerms('裙子 2kg'));
    assert.deepEqual(words('denims for', { stem: false, dropStopwords: false }), ['w:denims', 'w:for']);
  });
});

describe('keyword index (BM25 over subwords)', () => {
  const index = new KeywordIndex();
  index.upsert('dress', '花漾 碎花连衣裙 floral maxi dress');
  index.upsert('phone', '米果 拍照智能手机 migo camera smartphone');
  index.upsert('jeans', '城野 直筒牛仔裤 urbanwild straight denim jeans');

  it('finds a document through words it never wrote whole', () => {
    assert.equal(index.search('sundress', 3)[0]?.id, 'dress');
    assert.equal(index.search('裙子', 3)[0]?.id, 'dress');
    assert.equal(index.search('cellphone', 3)[0]?.id, 'phone');
    assert.equal(index.search('denims', 3)[0]?.id, 'jeans');
    assert.deepEqual(index.search('zzz', 3), []);
  });

  it('replaces a document by id, removes it, and honours the accept filter', () => {
    index.upsert('phone', '音箱 speaker');
    assert.notEqual(index.search('smartphone', 3)[0]?.id, 'phone');
    assert.equal(index.search('speaker', 3)[0]?.id, 'phone');
    assert.deepEqual(
      index.search('dress', 3, (id) => id !== 'dress').map((hit) => hit.id),
      [],
    );
    index.remove('phone');
    assert.equal(index.size, 2);
    assert.deepEqual(index.search('speaker', 3), []);
  });
});

describe('reciprocal rank fusion', () => {
  it('ranks ids both lists agree on first, then by best rank', () => {
    assert.deepEqual(fuseRankings([{ ids: ['a', 'b', 'c'] }, { ids: ['b', 'd'] }]), ['b', 'a', 'd', 'c']);
    assert.deepEqual(
      fuseRankings([
        { ids: ['a'], weight: 1 },
        { ids: ['b'], weight: 2 },
      ]),
      ['b', 'a'],
    );
    assert.deepEqual(fuseRankings([]), []);
  });

  it('weights item search by ITEM_FUSION: a word match at rank 2 beats a vector-only top hit', () => {
    assert.ok(ITEM_FUSION.keywordWeight / (ITEM_FUSION.k + 3) > ITEM_FUSION.vectorWeight / (ITEM_FUSION.k + 1));
    assert.deepEqual(fuseItemRankings(['v', 'x'], ['y', 'w']), ['y', 'w', 'v', 'x']);
  });
});
