import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { createEntityExtractor, type Entity, type EntityKind } from '../src/index.js';
import { catalog } from './fixtures.js';

const extractor = createEntityExtractor(catalog);

function only(text: string, kind: EntityKind): Entity[] {
  return extractor.extract(text).filter((e) => e.kind === kind);
}

function pick(entity: Entity | undefined, ...keys: (keyof Entity)[]): Partial<Entity> {
  assert.ok(entity, 'entity expected');
  return Object.fromEntries(keys.filter((k) => entity[k] !== undefined).map((k) => [k, entity[k]]));
}

describe('dictionary entities', () => {
  it('finds brand, category and attribute values with exact offsets', () => {
    const text = '华为手机黑色128gb很好用';
    const entities = extractor.extract(text).filter((e) => e.kind !== 'quantity');
    assert.deepEqual(entities, [
      { kind: 'brand', value: '华为', normalized: '华为', start: 0, end: 2 },
      { kind: 'category', value: '手机', normalized: '手机', start: 2, end: 4 },
      { kind: 'attribute', value: '黑色', normalized: '黑色', start: 4, end: 6, attribute: 'color' },
      { kind: 'attribute', value: '128gb', normalized: '128GB', start: 6, end: 11, attribute: 'storage' },
    ]);
    for (const e of entities) assert.equal(text.slice(e.start, e.end), e.value);
  });

  it('prefers the longest match: 手机壳 over 手机', () => {
    assert.deepEqual(
      only('买了个手机壳', 'category').map((e) => e.normalized),
      ['手机壳'],
    );
  });

  it('matches Latin terms case- and width-insensitively, keeping the catalog spelling', () => {
    const brands = only('APPLE 的 ｓｋ－ｉｉ 和 nike', 'brand');
    assert.deepEqual(
      brands.map((e) => [e.value, e.normalized]),
      [
        ['APPLE', 'Apple'],
        ['ｓｋ－ｉｉ', 'SK-II'],
        ['nike', 'Nike'],
      ],
    );
    assert.deepEqual(
      only('Space  Gray? no, space gray', 'attribute').map((e) => e.value),
      ['space gray'],
    );
  });

  it('does not match inside a longer Latin word or number', () => {
    assert.deepEqual(only('pineapple snapple nikes', 'brand'), []);
    assert.deepEqual(only('1128gb', 'attribute'), []);
  });

  it('matches a traditional-script catalog entry in simplified text', () => {
    assert.deepEqual(
      only('雅诗兰黛小棕瓶', 'brand').map((e) => e.normalized),
      ['雅詩蘭黛'],
    );
  });

  it('ignores PII placeholders', () => {
    assert.deepEqual(extractor.extract('[PHONE] [EMAIL]'), []);
  });
});

describe('price entities', () => {
  const price = (text: string): Entity | undefined => only(text, 'price')[0];

  it('reads amounts with currency marks', () => {
    assert.deepEqual(pick(price('这个199元的耳机'), 'value', 'amount', 'currency'), {
      value: '199元',
      amount: 199,
      currency: 'CNY',
    });
    assert.deepEqual(pick(price('到手价¥1,299'), 'value', 'amount'), { value: '¥1,299', amount: 1299 });
    assert.deepEqual(pick(price('paid $49.99 for it'), 'amount', 'currency'), { amount: 49.99, currency: 'USD' });
    assert.deepEqual(pick(price('两百块买的'), 'value', 'amount'), { value: '两百块', amount: 200 });
    assert.deepEqual(pick(price('一千二百元'), 'amount'), { amount: 1200 });
    assert.deepEqual(pick(price('才5毛钱'), 'amount'), { amount: 0.5 });
  });

  it('reads k/w shorthands as prices only where a price is meant', () => {
    assert.deepEqual(pick(price('3.5k的手机'), 'amount'), { amount: 3500 });
    assert.deepEqual(pick(price('预算5k'), 'max', 'normalized'), { max: 5000, normalized: '<=5000' });
    assert.deepEqual(pick(price('2w左右'), 'amount', 'approximate'), { amount: 20_000, approximate: true });
    assert.equal(price('4k电视很清楚'), undefined);
    assert.equal(price('拍4k视频'), undefined);
  });

  it('reads ranges with min and max', () => {
    assert.deepEqual(pick(price('100到200元的手机壳'), 'value', 'min', 'max', 'normalized'), {
      value: '100到200元',
      min: 100,
      max: 200,
      normalized: '100-200',
    });
    assert.deepEqual(pick(price('¥100-¥200'), 'min', 'max'), { min: 100, max: 200 });
    assert.deepEqual(pick(price('1-2万的电脑'), 'min', 'max'), { min: 10_000, max: 20_000 });
    assert.deepEqual(pick(price('between $50 and $100'), 'min', 'max', 'currency'), {
      min: 50,
      max: 100,
      currency: 'USD',
    });
    assert.deepEqual(pick(price('一百到两百块'), 'min', 'max'), { min: 100, max: 200 });
  });

  it('reads bare numbers after price words, and bare ranges near them', () => {
    assert.deepEqual(pick(price('叠加券后只要199'), 'value', 'amount'), { value: '199', amount: 199 });
    assert.deepEqual(pick(price('到手价：2999'), 'value', 'amount'), { value: '2999', amount: 2999 });
    assert.deepEqual(pick(price('这个价位1000-2000的手机'), 'min', 'max'), { min: 1000, max: 2000 });
    assert.equal(price('价格才3天就涨了'), undefined);
  });

  it('reads bounds and approximations', () => {
    assert.deepEqual(pick(price('under 200'), 'max'), { max: 200 });
    assert.deepEqual(pick(price('200以下的耳机'), 'max'), { max: 200 });
    assert.deepEqual(pick(price('1000元以内'), 'max', 'currency'), { max: 1000, currency: 'CNY' });
    assert.deepEqual(pick(price('200元以上'), 'min'), { min: 200 });
    assert.deepEqual(pick(price('不超过500块'), 'max'), { max: 500 });
    assert.deepEqual(pick(price('about $200'), 'amount', 'approximate'), { amount: 200, approximate: true });
    assert.deepEqual(pick(price('三千多块'), 'min', 'approximate'), { min: 3000, approximate: true });
    assert.deepEqual(pick(price('199元起'), 'min'), { min: 199 });
  });

  it('does not read counts, durations, dates or models as prices', () => {
    for (const text of [
      '超过3天没发货',
      'over 200 reviews',
      'under 200g',
      '3-5天到货',
      '2024-05-12',
      'iphone 15 pro',
      '买了3件',
      '第2件半价',
    ]) {
      assert.deepEqual(only(text, 'price'), [], text);
    }
  });
});

describe('quantity entities', () => {
  const quantity = (text: string): Entity | undefined => only(text, 'quantity')[0];

  it('reads counts with Chinese measure words and English count nouns', () => {
    assert.deepEqual(pick(quantity('买了2件'), 'value', 'amount', 'unit', 'normalized'), {
      value: '2件',
      amount: 2,
      unit: '件',
      normalized: '2 件',
    });
    assert.deepEqual(pick(quantity('送了两瓶'), 'amount', 'unit'), { amount: 2, unit: '瓶' });
    assert.deepEqual(pick(quantity('十二支装'), 'amount', 'unit'), { amount: 12, unit: '支' });
    assert.deepEqual(pick(quantity('3 pcs'), 'amount', 'unit'), { amount: 3, unit: 'pcs' });
    assert.deepEqual(pick(quantity('2 pairs of socks'), 'amount', 'unit'), { amount: 2, unit: 'pair' });
  });

  it('reads measures with canonical units', () => {
    assert.deepEqual(pick(quantity('500ml'), 'amount', 'unit'), { amount: 500, unit: 'ml' });
    assert.deepEqual(pick(quantity('1kg装'), 'amount', 'unit'), { amount: 1, unit: 'kg' });
    assert.deepEqual(pick(quantity('1.5升'), 'amount', 'unit'), { amount: 1.5, unit: 'l' });
    assert.deepEqual(pick(quantity('五公斤'), 'amount', 'unit'), { amount: 5, unit: 'kg' });
    assert.deepEqual(pick(quantity('65w快充'), 'amount', 'unit'), { amount: 65, unit: 'w' });
    assert.deepEqual(pick(quantity('半斤'), 'amount', 'unit'), { amount: 0.5, unit: '斤' });
  });

  it('does not read ordinals, network generations or words as quantities', () => {
    for (const text of [
      '第2件半价',
      '5g手机',
      '3 months',
      '2 good',
      'iphone 15 pro',
      '双十一',
      '用了3个月',
      '等了两个小时',
    ]) {
      assert.deepEqual(only(text, 'quantity'), [], text);
    }
  });

  it('lets a catalog attribute and a quantity share a span', () => {
    const kinds = extractor.extract('500ml').map((e) => [e.kind, e.attribute]);
    assert.deepEqual(kinds, [
      ['attribute', 'capacity'],
      ['quantity', undefined],
    ]);
  });
});

describe('extract: whole texts', () => {
  it('returns entities sorted by offset with values that match the text', () => {
    const text = '花西子散粉两百块买的，下次还买两盒，预算100到200元';
    const entities = extractor.extract(text);
    assert.deepEqual(
      entities.map((e) => [e.kind, e.value]),
      [
        ['brand', '花西子'],
        ['category', '散粉'],
        ['price', '两百块'],
        ['quantity', '两盒'],
        ['price', '100到200元'],
      ],
    );
    for (const e of entities) assert.equal(text.slice(e.start, e.end), e.value);
  });

  it('returns nothing for empty or entity-free text', () => {
    assert.deepEqual(extractor.extract(''), []);
    assert.deepEqual(extractor.extract('物流很快，包装也好'), []);
  });

  it('works with an empty dictionary', () => {
    const bare = createEntityExtractor({ brands: [], categories: [], attributeValues: {} });
    assert.deepEqual(
      bare.extract('两瓶 199元').map((e) => e.kind),
      ['quantity', 'price'],
    );
  });
});

describe('extract: adversarial input stays fast', () => {
  it('handles long numeral, digit and separator runs', () => {
    const inputs = [
      '一二三四五六七八九十'.repeat(200),
      '1,'.repeat(1000),
      '1-'.repeat(1000),
      '两百块'.repeat(600),
      `${'under '.repeat(300)}5`,
      'a.'.repeat(1000),
    ];
    const started = process.hrtime.bigint();
    for (const input of inputs) extractor.extract(input);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 1500, `took ${elapsedMs} ms`);
  });
});
