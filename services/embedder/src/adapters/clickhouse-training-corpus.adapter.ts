import type { AnalyticsStore } from '@demand/analytics-store';
import type { TrainingCorpusSource, TrainingTextRow, TrainingTextSink } from '../ports/training-corpus.port.js';
import type { DataWindow, TrainingCorpus } from '../training/corpus.js';

const TEXT_COLUMNS = [
  'text_id',
  'kind',
  'text',
  'rating',
  'role',
  'item_id',
  'user_id',
  'language',
  'occurred_at',
  'recorded_at',
] as const;

export interface ClickHouseCorpusOptions {
  /** Clicks this long after a search (same user and session) count as what the search found. */
  clickWindowMinutes: number;
  /** Newest texts of each kind read per corpus. */
  maxTextsPerKind: number;
  clock?: () => Date;
}

interface LabelRow {
  text_id: string;
  task: string;
  label: string;
  text: string;
}

/**
 * The training corpus in ClickHouse: texts the embedder indexed (its own table), operator
 * labels (its own table), and — when the aggregator's `clean_events` is in the same database —
 * the items clicked after each search.
 */
export class ClickHouseTrainingCorpus implements TrainingCorpusSource, TrainingTextSink {
  private readonly clock: () => Date;

  constructor(
    private readonly store: AnalyticsStore,
    private readonly options: ClickHouseCorpusOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async record(rows: readonly TrainingTextRow[]): Promise<void> {
    const recordedAt = this.clock().toISOString();
    await this.store.insertCompact(
      'embedder_training_texts',
      TEXT_COLUMNS,
      rows.map((row) => [
        ...TEXT_COLUMNS.slice(0, -1).map((column) => row[column as keyof TrainingTextRow]),
        recordedAt,
      ]),
    );
  }

  async read(window: { days: number; now: Date }): Promise<TrainingCorpus> {
    const since = new Date(window.now.getTime() - window.days * 86_400_000).toISOString();
    const until = window.now.toISOString();
    const texts = await this.store.query<TrainingTextRow>(
      `SELECT text_id, kind, text, rating, role, item_id, user_id, language, occurred_at
       FROM embedder_training_texts FINAL
       WHERE kind = 'item' OR (occurred_at >= parseDateTime64BestEffort({since:String}, 3)
         AND occurred_at <= parseDateTime64BestEffort({until:String}, 3))
       ORDER BY occurred_at DESC, text_id
       LIMIT {max:UInt32} BY kind`,
      { since, until, max: this.options.maxTextsPerKind },
    );
    const labels = await this.store.query<LabelRow>(
      // The latest label of a text; labels given at the same instant are ordered by their content.
      `SELECT text_id, task, latest.1 AS label, latest.2 AS text
       FROM (SELECT text_id, task, argMax((label, text), (labelled_at, label, text)) AS latest
             FROM (${(await this.hasTable('operator_labels')) ? LABELS_WITH_FEEDBACK : 'SELECT * FROM embedder_text_labels'})
             GROUP BY task, text_id)
       ORDER BY task, text_id`,
    );
    const clicks = await this.clicksAfterSearches(since, until);
    return corpusOf(texts, labels, clicks);
  }

  /** Tables other services own (the aggregator's events, the feedback service's labels) may not exist yet. */
  private async hasTable(name: string): Promise<boolean> {
    const [table] = await this.store.query<{ n: number }>(
      'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
      { name },
    );
    return table !== undefined && Number(table.n) > 0;
  }

  private async clicksAfterSearches(since: string, until: string): Promise<Map<string, string[]>> {
    if (!(await this.hasTable('clean_events'))) return new Map();
    // The first five distinct items clicked (by time, then id): groupUniqArray(5) kept whichever five
    // the merge met first, so two reads of the same events could pair a search with other titles.
    const rows = await this.store.query<{ text_id: string; items: string[] }>(
      `SELECT s.event_id AS text_id,
              arraySlice(arrayDistinct(arrayMap(click -> click.2,
                arraySort(groupArray((c.occurred_at, c.item_id))))), 1, 5) AS items
       FROM (SELECT event_id, user_id, session_id, occurred_at FROM clean_events
             WHERE kind = 'search' AND occurred_at >= parseDateTime64BestEffort({since:String}, 3)
               AND occurred_at <= parseDateTime64BestEffort({until:String}, 3)) AS s
       INNER JOIN (SELECT user_id, session_id, item_id, occurred_at FROM clean_events
             WHERE kind = 'click' AND occurred_at >= parseDateTime64BestEffort({since:String}, 3)) AS c
       ON c.user_id = s.user_id AND c.session_id = s.session_id
       WHERE c.occurred_at >= s.occurred_at AND c.occurred_at <= s.occurred_at + INTERVAL {minutes:UInt32} MINUTE
       GROUP BY s.event_id`,
      { since, until, minutes: this.options.clickWindowMinutes },
    );
    return new Map(rows.map((row) => [row.text_id, [...row.items].sort()]));
  }
}

/**
 * The embedder's own label table beside the feedback service's `operator_labels` (Feedback.SubmitLabels):
 * one row there may carry an intent and a sentiment; a label without an event id is keyed by its label id.
 */
const LABELS_WITH_FEEDBACK = `
  SELECT text_id, task, label, text, labelled_at FROM embedder_text_labels
  UNION ALL
  SELECT if(event_id != '', event_id, concat('label:', label_id)) AS text_id, pair.1 AS task, pair.2 AS label,
         text, labelled_at
  FROM operator_labels FINAL
  ARRAY JOIN [('intent', intent), ('sentiment', sentiment)] AS pair
  WHERE pair.2 != ''`;

/** Stored rows to a corpus: labels override stars and give customer turns their intent. Pure. */
export function corpusOf(
  texts: readonly TrainingTextRow[],
  labels: readonly LabelRow[],
  clicks: ReadonlyMap<string, readonly string[]>,
): TrainingCorpus {
  const labelOf = (task: string) => new Map(labels.filter((l) => l.task === task).map((l) => [l.text_id, l]));
  const sentimentLabels = labelOf('sentiment');
  const intentLabels = labelOf('intent');
  const itemTexts = new Map(texts.filter((t) => t.kind === 'item').map((t) => [t.text_id, t.text]));
  const corpus: Omit<TrainingCorpus, 'window'> = {
    items: [...itemTexts.values()],
    reviews: [],
    queries: [],
    dialogTurns: [],
    source: { kind: 'shop', store: 'clickhouse' },
  };
  const seen = new Set<string>();
  let window: DataWindow | undefined;
  for (const row of texts) {
    if (row.kind === 'item') continue;
    seen.add(row.text_id);
    window = widen(window, row.occurred_at);
    if (row.kind === 'review') {
      const label = sentimentLabels.get(row.text_id)?.label;
      corpus.reviews.push({ text: row.text, rating: row.rating, ...(label ? { sentiment: label } : {}) });
    } else if (row.kind === 'query') {
      const clicked = (clicks.get(row.text_id) ?? []).flatMap((id) => itemTexts.get(`item:${id}`) ?? []);
      corpus.queries.push({ text: row.text, ...(clicked.length > 0 ? { clickedItems: clicked } : {}) });
    } else {
      const intent = row.role === 'customer' ? intentLabels.get(row.text_id)?.label : undefined;
      corpus.dialogTurns.push({ text: row.text, ...(intent ? { intent } : {}) });
    }
  }
  // Labels on texts the operator wrote out (not ones the shop sent) are examples of their own.
  for (const label of labels) {
    if (seen.has(label.text_id) || label.text.trim() === '') continue;
    if (label.task === 'intent') corpus.dialogTurns.push({ text: label.text, intent: label.label });
    else if (label.task === 'sentiment') corpus.reviews.push({ text: label.text, rating: 0, sentiment: label.label });
  }
  return { ...corpus, window: window ?? { start: '', end: '' } };
}

function widen(window: DataWindow | undefined, at: string): DataWindow {
  if (!window) return { start: at, end: at };
  return { start: at < window.start ? at : window.start, end: at > window.end ? at : window.end };
}
