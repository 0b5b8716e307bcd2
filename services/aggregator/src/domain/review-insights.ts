import type { Tokenizer } from '@demand/text';
import type { ReviewSource } from '../ports/review-source.port.js';
import { type ComplaintTermScore, complaintTerms } from './complaint-terms.js';

export interface CategorySentimentDay {
  day: string;
  category: string;
  positive: number;
  neutral: number;
  negative: number;
}

export interface ReviewInsightsOut {
  fromDay: string;
  sentiment: CategorySentimentDay[];
  complaints: ComplaintTermScore[];
  reviews: number;
}

/** Thrown for a request field out of range; the gRPC filter maps it to INVALID_ARGUMENT. */
export class ReviewInsightsError extends Error {
  override readonly name = 'ReviewInsightsError';
  readonly code = 'INVALID_ARGUMENT';
  readonly transient = false;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const DAY_MS = 86_400_000;
/** The prior's weight in tokens: a category's few reviews lean on the shop-wide term shares. */
const PRIOR_TOKENS = 100;

function inRange(field: string, value: number, fallback: number, max: number): number {
  const v = value || fallback;
  if (!Number.isInteger(v) || v > max) throw new ReviewInsightsError(field, `must be an integer in 1..${max}`);
  return v;
}

/** Sentiment over time per category, and the terms negative reviews of each category over-use. */
export class ReviewInsights {
  constructor(
    private readonly source: ReviewSource,
    private readonly tokenizer: Tokenizer,
    private readonly now: () => number = Date.now,
  ) {}

  async insights(request: { category: string; days: number; terms: number }): Promise<ReviewInsightsOut> {
    const days = inRange('days', request.days, 30, 365);
    const perCategory = inRange('terms', request.terms, 10, 50);
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    const fromDay = new Date(today - (days - 1) * DAY_MS).toISOString().slice(0, 10);
    const rows = await this.source.reviews(fromDay, new Date(today).toISOString().slice(0, 10), request.category);
    const sentiment = new Map<string, CategorySentimentDay>();
    for (const r of rows) {
      const key = `${r.day}\u0000${r.category}`;
      const day = sentiment.get(key) ?? { day: r.day, category: r.category, positive: 0, neutral: 0, negative: 0 };
      if (r.label === 'positive' || r.label === 'negative') day[r.label] += 1;
      else day.neutral += 1;
      sentiment.set(key, day);
    }
    const complaints = complaintTerms(
      rows.map((r) => ({
        category: r.category,
        negative: r.label === 'negative',
        tokens: this.tokenizer.tokenize(r.text ?? ''),
      })),
      { priorTokens: PRIOR_TOKENS, perCategory, minNegative: 2 },
    );
    return {
      fromDay,
      sentiment: [...sentiment.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, day]) => day),
      complaints,
      reviews: rows.length,
    };
  }
}
