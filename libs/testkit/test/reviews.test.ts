import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Random, type SentimentLabel } from '../src/index.js';
import { draftReview, satisfactionScore } from '../src/behaviour/reviews.js';
import { buildCatalog, buildTasteSpace } from '../src/catalog/build-catalog.js';
import { mediumRun } from './fixtures.js';

function pearson(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs),
    my = mean(ys);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

const random = new Random(9);
const items = buildCatalog(random.fork('catalog'), 120, buildTasteSpace(random.fork('space'), 8));
const drafts = Array.from({ length: 3000 }, (_, k) => {
  const item = items[k % items.length]!;
  return {
    item,
    ...draftReview(item, satisfactionScore(item.truth.quality, random.between(0, 1), random), 0.1, random),
  };
});

test('ratings follow the hidden sentiment closely', () => {
  assert.ok(
    pearson(
      drafts.map((d) => d.score),
      drafts.map((d) => d.rating),
    ) > 0.85,
  );
  const byLabel = (label: SentimentLabel) => drafts.filter((d) => d.sentiment === label).map((d) => d.rating);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [positive, neutral, negative] = [byLabel('positive'), byLabel('neutral'), byLabel('negative')];
  assert.ok(
    mean(positive) > 4 && mean(neutral) > 2.5 && mean(neutral) < 3.5 && mean(negative) < 2,
    `${mean(positive)} ${mean(neutral)} ${mean(negative)}`,
  );
  assert.ok(positive.filter((r) => r >= 4).length / positive.length > 0.85);
  assert.ok(negative.filter((r) => r <= 2).length / negative.length > 0.8);
  for (const label of [positive, neutral, negative])
    assert.ok(label.length > 200, 'each sentiment is well represented');
});

test('wording follows the sentiment: a crude lexicon already beats chance by far', () => {
  const good = [
    '满意',
    '喜欢',
    '好评',
    '推荐',
    '不错',
    '值得',
    '很好',
    '超出预期',
    '回购',
    '好用',
    'Great',
    'Love',
    'Excellent',
    'better',
  ];
  const bad = [
    '失望',
    '太差',
    '差评',
    '后悔',
    '无语',
    '别买',
    '浪费',
    '退货',
    'Terrible',
    'disappointed',
    'Poor',
    "Doesn't",
    'would not',
  ];
  const mixed = [
    '但是',
    '一般',
    '还行',
    '凑合',
    '中规中矩',
    '基本一致',
    '没什么特别',
    'okay',
    'Average',
    'Decent',
    'Not great',
  ];
  const guess = (text: string): SentimentLabel => {
    const hits = (words: string[]) => words.filter((w) => text.includes(w)).length;
    if (hits(mixed) > 0) return 'neutral';
    return hits(bad) > hits(good) ? 'negative' : 'positive';
  };
  const correct = drafts.filter((d) => guess(d.text) === d.sentiment).length;
  assert.ok(correct / drafts.length > 0.8, `${correct / drafts.length}`);
  assert.ok(drafts.some((d) => d.language === 'en') && drafts.some((d) => /\p{Extended_Pictographic}/u.test(d.text)));
});

test('reviews in a run come after a purchase of the item, and truth matches the events', () => {
  const { events, truth } = mediumRun();
  const bought = new Map<string, string>();
  let reviews = 0;
  for (const event of events) {
    const p = event.payload!;
    if (p.$case === 'purchase') bought.set(`${p.purchase.orderId}|${p.purchase.itemId}`, event.userId);
    if (p.$case !== 'review') continue;
    reviews++;
    const label = truth.reviews.get(event.eventId)!;
    assert.equal(bought.get(`${p.review.orderId}|${p.review.itemId}`), event.userId);
    assert.deepEqual(
      [label.rating, label.itemId, label.userId, label.orderId],
      [p.review.rating, p.review.itemId, event.userId, p.review.orderId],
    );
    assert.ok(p.review.rating >= 1 && p.review.rating <= 5 && p.review.text.length > 0);
  }
  assert.equal(reviews, truth.reviews.size);
  assert.ok(reviews > 30);
});

test('better items get better reviews', () => {
  assert.ok(
    pearson(
      drafts.map((d) => d.item.truth.quality),
      drafts.map((d) => d.rating),
    ) > 0.5,
  );
});
