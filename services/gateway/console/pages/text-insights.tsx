import { useMemo, useState } from 'preact/hooks';
import { call } from '../api.js';
import { IntentMix } from '../components/intent-mix.js';
import { QueryForm } from '../components/query-form.js';
import { Status } from '../components/status.js';
import { dailySeries } from '../components/daily-series.js';
import { TimeChart } from '../components/time-chart.js';
import { useAsync } from '../components/use-async.js';
import { decimal, integer } from '../format.js';

interface SentimentDay {
  day: string;
  category: string;
  positive?: number;
  neutral?: number;
  negative?: number;
}

interface ReviewInsights {
  fromDay?: string;
  sentiment?: SentimentDay[];
  complaints?: Array<{
    category: string;
    term: string;
    negativeCount?: number;
    otherCount?: number;
    logOddsRatio?: number;
    z?: number;
  }>;
  reviews?: number;
}

const DAYS = 30;
const total = (d: SentimentDay) => (d.positive ?? 0) + (d.neutral ?? 0) + (d.negative ?? 0);

/** Share of negative reviews per day, one line per category (gaps on days without reviews). */
const chartOf = (days: SentimentDay[]) =>
  dailySeries(days, {
    day: (d) => d.day,
    group: (d) => d.category,
    value: (d) => (100 * (d.negative ?? 0)) / total(d),
  });

/**
 * Text insights: review sentiment over time per category, what negative reviews complain about, and the
 * intent mix of service dialogs.
 */
export function TextInsightsPage({ initialCategory }: { initialCategory: string }) {
  const [category, setCategory] = useState(initialCategory);
  const state = useAsync(
    () => call<ReviewInsights>('Features', 'GetReviewInsights', { category, days: DAYS, terms: 8 }),
    [category],
  );
  const answer = state.data;
  const chart = useMemo(() => chartOf(answer?.sentiment ?? []), [answer]);
  return (
    <>
      <section class="card">
        <QueryForm
          name="category"
          label="category (empty: all)"
          initial={initialCategory}
          button="Show"
          onSubmit={setCategory}
        />
      </section>
      <Status state={state} />
      {answer && (
        <>
          <section class="card">
            <h3>Negative reviews per day and category (% of the day's reviews)</h3>
            <p class="muted">
              <span data-testid="reviews-read">{integer(answer.reviews)}</span> reviews since {answer.fromDay}, as the
              embedder's sentiment head judged them.
            </p>
            {chart.times.length > 0 && <TimeChart times={chart.times} series={chart.series} yLabel="negative %" />}
            <table data-testid="sentiment-days">
              <thead>
                <tr>
                  <th>day</th>
                  <th>category</th>
                  <th class="num">positive</th>
                  <th class="num">neutral</th>
                  <th class="num">negative</th>
                </tr>
              </thead>
              <tbody>
                {(answer.sentiment ?? []).map((d) => (
                  <tr key={`${d.day}|${d.category}`}>
                    <td>{d.day}</td>
                    <td>{d.category}</td>
                    <td class="num">{integer(d.positive)}</td>
                    <td class="num">{integer(d.neutral)}</td>
                    <td class="num" data-testid="day-negative">
                      {integer(d.negative)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="card">
            <h3>Top complaint terms</h3>
            <p class="muted">
              Terms a category's negative reviews use more than its other reviews: log-odds ratio with the shop-wide
              term shares as prior, ranked by z.
            </p>
            {(answer.complaints ?? []).length === 0 ? (
              <p class="muted">No term stands out in negative reviews yet.</p>
            ) : (
              <table data-testid="complaints">
                <thead>
                  <tr>
                    <th>category</th>
                    <th>term</th>
                    <th class="num">in negative</th>
                    <th class="num">in others</th>
                    <th class="num">z</th>
                  </tr>
                </thead>
                <tbody>
                  {(answer.complaints ?? []).map((t) => (
                    <tr key={`${t.category}|${t.term}`}>
                      <td>{t.category}</td>
                      <td data-testid="complaint-term">{t.term}</td>
                      <td class="num">{integer(t.negativeCount)}</td>
                      <td class="num">{integer(t.otherCount)}</td>
                      <td class="num" data-testid="complaint-z">
                        {decimal(t.z)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <IntentMix />
    </>
  );
}
