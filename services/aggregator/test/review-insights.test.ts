import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { complaintTerms, type TokenisedReview } from '../src/domain/complaint-terms.js';
import { ReviewInsights, ReviewInsightsError } from '../src/domain/review-insights.js';
import type { ReviewRow } from '../src/ports/review-source.port.js';

const review = (category: string, negative: boolean, text: string): TokenisedReview => ({
  category,
  negative,
  tokens: text.split(' '),
});

describe('complaintTerms (log-odds ratio with an informative Dirichlet prior)', () => {
  const reviews = [
    review('c', true, 'broken broken late'),
    review('c', true, 'broken'),
    review('c', false, 'great late'),
    review('c', false, 'great'),
  ];

  it('hand-checked: α0 = 7 tokens gives α = the shop counts; "broken" δ = ln(6/5) − ln(3/7), z = δ/√(1/6 + 1/3)', () => {
    const out = complaintTerms(reviews, { priorTokens: 7, perCategory: 10, minNegative: 1 });
    assert.equal(out.length, 1, '"late" is rarer in negative reviews here (δ = ln(7/8) < 0): left out');
    const [broken] = out;
    assert.deepEqual(
      [broken!.category, broken!.term, broken!.negativeCount, broken!.otherCount],
      ['c', 'broken', 3, 0],
    );
    assert.ok(Math.abs(broken!.logOddsRatio - Math.log(2.8)) < 1e-12);
    assert.ok(Math.abs(broken!.z - Math.log(2.8) / Math.sqrt(0.5)) < 1e-12);
  });

  it('too few negative mentions are left out, and each category keeps its own top terms', () => {
    assert.deepEqual(complaintTerms(reviews, { priorTokens: 7, perCategory: 10, minNegative: 4 }), []);
    const two = [...reviews, review('d', true, 'smell smell leak leak'), review('d', false, 'fine')];
    const out = complaintTerms(two, { priorTokens: 10, perCategory: 1, minNegative: 2 });
    assert.deepEqual(
      out.map((t) => [t.category, t.term]),
      [
        ['c', 'broken'],
        ['d', 'leak'],
      ],
    );
  });
});

describe('ReviewInsights', () => {
  const rows: ReviewRow[] = [
    { day: '2026-12-01', category: 'shoes', label: 'negative', text: 'sole broken' },
    { day: '2026-12-01', category: 'shoes', label: 'negative', text: 'broken again' },
    { day: '2026-12-01', category: 'shoes', label: 'positive', text: 'comfy' },
    { day: '2026-12-02', category: 'bags', label: 'neutral', text: 'ok' },
  ];
  const asked: unknown[] = [];
  const insights = new ReviewInsights(
    {
      reviews: async (from, to, category) => {
        asked.push([from, to, category]);
        return rows;
      },
    },
    { tokenize: (text) => text.split(' ') },
    () => Date.UTC(2026, 11, 5, 9),
  );

  it('counts labels per day and category, over the days up to today, and lists complaint terms', async () => {
    const out = await insights.insights({ category: '', days: 7, terms: 0 });
    assert.deepEqual(asked.at(-1), ['2026-11-29', '2026-12-05', '']);
    assert.equal(out.fromDay, '2026-11-29');
    assert.equal(out.reviews, 4);
    assert.deepEqual(out.sentiment, [
      { day: '2026-12-01', category: 'shoes', positive: 1, neutral: 0, negative: 2 },
      { day: '2026-12-02', category: 'bags', positive: 0, neutral: 1, negative: 0 },
    ]);
    assert.deepEqual(
      out.complaints.map((t) => [t.category, t.term, t.negativeCount]),
      [['shoes', 'broken', 2]],
    );
  });

  it('days and terms out of range are INVALID_ARGUMENT naming the field', async () => {
    for (const [request, field] of [
      [{ category: '', days: 366, terms: 0 }, 'days'],
      [{ category: '', days: 0, terms: 51 }, 'terms'],
    ] as const)
      await assert.rejects(
        insights.insights(request),
        (e: unknown) => e instanceof ReviewInsightsError && e.field === field && e.code === 'INVALID_ARGUMENT',
      );
  });
});
