import type { AnalyticsStore } from '@demand/analytics-store';
import type { ReviewRow, ReviewSource } from '../ports/review-source.port.js';

/** review_sentiments (the embedder's label per review event) joined to the review's text and its item's category. */
export class ClickHouseReviewSource implements ReviewSource {
  constructor(private readonly store: AnalyticsStore) {}

  reviews(fromDay: string, toDay: string, category: string): Promise<ReviewRow[]> {
    return this.store.query<ReviewRow>(
      `SELECT toString(toDate(s.occurred_at)) AS day, i.category AS category, s.label AS label, e.text AS text
       FROM (SELECT event_id, item_id, occurred_at, label FROM review_sentiments FINAL
             WHERE toDate(occurred_at) BETWEEN toDate({fromDay:String}) AND toDate({toDay:String})) AS s
       INNER JOIN (SELECT item_id, category_path[1] AS category FROM items FINAL
                   WHERE category != '' AND ({category:String} = '' OR category = {category:String})) AS i
         ON s.item_id = i.item_id
       LEFT JOIN (SELECT event_id, text FROM clean_events FINAL
                  WHERE kind = 'review' AND toDate(occurred_at) BETWEEN toDate({fromDay:String}) AND toDate({toDay:String})) AS e
         ON s.event_id = e.event_id
       ORDER BY day, category`,
      { fromDay, toDay, category },
    );
  }
}
