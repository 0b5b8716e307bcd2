import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createAnalyticsStore, runMigrations, type AnalyticsStore } from '@demand/analytics-store';
import { ClickHouseTrainingCorpus } from '../src/adapters/clickhouse-training-corpus.adapter.js';
import { migrationsDirectory } from '../src/migrations-directory.js';
import type { TrainingTextRow } from '../src/ports/training-corpus.port.js';

/** The aggregator's tables (clean_events) live in the same database in every deployment. */
const aggregatorMigrations = fileURLToPath(new URL('../../../aggregator/migrations', import.meta.url));
/** Feedback.SubmitLabels writes operator_labels, which the corpus reads beside the embedder's own labels. */
const feedbackMigrations = fileURLToPath(new URL('../../../feedback/migrations', import.meta.url));

const text = (row: Partial<TrainingTextRow> & Pick<TrainingTextRow, 'text_id' | 'kind' | 'text'>): TrainingTextRow => ({
  rating: 0,
  role: '',
  item_id: '',
  user_id: 'u1',
  language: 'zh',
  occurred_at: '2026-11-20T10:00:00.000Z',
  ...row,
});

const ROWS: TrainingTextRow[] = [
  text({
    text_id: 'item:i1',
    kind: 'item',
    text: '夏季连衣裙 素语',
    user_id: '',
    occurred_at: '2025-01-01T00:00:00.000Z',
  }),
  text({ text_id: 'item:i2', kind: 'item', text: '蓝牙耳机 声悦', user_id: '' }),
  text({ text_id: 'r1', kind: 'review', text: '还行吧', rating: 5 }),
  text({ text_id: 'r2', kind: 'review', text: '质量太差', rating: 1, occurred_at: '2026-11-21T10:00:00.000Z' }),
  text({ text_id: 'r-old', kind: 'review', text: '很久以前', rating: 4, occurred_at: '2026-01-01T00:00:00.000Z' }),
  text({ text_id: 's1', kind: 'query', text: '连衣裙', occurred_at: '2026-11-20T09:00:00.000Z' }),
  text({ text_id: 'd1', kind: 'dialog_turn', text: '我要退货', role: 'customer' }),
  text({ text_id: 'd2', kind: 'dialog_turn', text: '好的，请提供订单号', role: 'agent' }),
];

const event = (event_id: string, kind: string, item_id: string, occurred_at: string) => ({
  event_id,
  kind,
  user_id: 'u1',
  session_id: 'sess1',
  item_id,
  occurred_at,
  received_at: occurred_at,
  source: 'web',
  quantity: 0,
  unit_price: 0,
  currency: '',
  rating: 0,
  text: '',
  query: '',
  order_id: '',
  flags: [],
});

let dir: string;
let analytics: AnalyticsStore;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'embedder-corpus-it-'));
  analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  await runMigrations(analytics, { owner: 'aggregator', directory: aggregatorMigrations });
  await runMigrations(analytics, { owner: 'embedder', directory: migrationsDirectory });
});
afterAll(async () => {
  await analytics.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ClickHouseTrainingCorpus on in-process ClickHouse', () => {
  it('reads back what was indexed over the window, with operator labels and the items clicked after each search', async () => {
    const corpus = new ClickHouseTrainingCorpus(analytics, {
      clickWindowMinutes: 30,
      maxTextsPerKind: 100,
      clock: () => new Date('2026-11-22T00:00:00Z'),
    });
    await corpus.record(ROWS);
    await corpus.record(ROWS.slice(2, 4)); // a redelivered batch adds nothing
    await analytics.insert('embedder_text_labels', [
      {
        text_id: 'r1',
        task: 'sentiment',
        label: 'neutral',
        text: '',
        source: 'operator',
        labelled_at: '2026-11-21T00:00:00Z',
      },
      {
        text_id: 'd1',
        task: 'intent',
        label: 'shipping',
        text: '',
        source: 'operator',
        labelled_at: '2026-11-21T00:00:00Z',
      },
      {
        text_id: 'd1',
        task: 'intent',
        label: 'return',
        text: '',
        source: 'operator',
        labelled_at: '2026-11-21T01:00:00Z',
      },
      {
        text_id: 'x1',
        task: 'intent',
        label: 'complaint',
        text: '太气人了',
        source: 'operator',
        labelled_at: '2026-11-21T00:00:00Z',
      },
    ]);
    await analytics.insert('clean_events', [
      event('s1', 'search', '', '2026-11-20T09:00:00.000Z'),
      event('c1', 'click', 'i1', '2026-11-20T09:05:00.000Z'),
      event('c2', 'click', 'i2', '2026-11-20T11:00:00.000Z'),
    ]);

    const read = await corpus.read({ days: 30, now: new Date('2026-11-22T00:00:00Z') });
    assert.deepEqual([...read.items].sort(), ['夏季连衣裙 素语', '蓝牙耳机 声悦']);
    assert.deepEqual(
      [...read.reviews].sort((a, b) => a.text.localeCompare(b.text)),
      [
        { text: '质量太差', rating: 1 },
        { text: '还行吧', rating: 5, sentiment: 'neutral' },
      ],
    );
    assert.deepEqual(read.queries, [{ text: '连衣裙', clickedItems: ['夏季连衣裙 素语'] }]);
    assert.deepEqual(
      [...read.dialogTurns].sort((a, b) => a.text.localeCompare(b.text)),
      [
        { text: '太气人了', intent: 'complaint' },
        { text: '好的，请提供订单号' },
        { text: '我要退货', intent: 'return' },
      ],
    );
    assert.deepEqual(read.window, { start: '2026-11-20T09:00:00.000Z', end: '2026-11-21T10:00:00.000Z' });
    assert.deepEqual(read.source, { kind: 'shop', store: 'clickhouse' });
  });

  it('pairs a search with the first five distinct items clicked after it, the same on every read', async () => {
    const clicks = ['i7', 'i3', 'i3', 'i9', 'i5', 'i8', 'i4', 'i6'].map((item, i) =>
      event(`c-many-${i}`, 'click', item, `2026-11-20T13:0${i}:00.000Z`),
    );
    // The later clicks arrive first, in a part of their own.
    await analytics.insert('clean_events', clicks.slice(4).reverse());
    await analytics.insert('clean_events', [
      event('s-many', 'search', '', '2026-11-20T13:00:00.000Z'),
      ...clicks.slice(0, 4),
    ]);
    const corpus = new ClickHouseTrainingCorpus(analytics, { clickWindowMinutes: 30, maxTextsPerKind: 100 });
    await corpus.record([
      ...['i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9'].map((item) =>
        text({ text_id: `item:${item}`, kind: 'item', text: `title ${item}`, user_id: '' }),
      ),
      text({ text_id: 's-many', kind: 'query', text: 'many clicks', occurred_at: '2026-11-20T13:00:00.000Z' }),
    ]);
    const reads = [];
    for (let i = 0; i < 3; i++) {
      const read = await corpus.read({ days: 30, now: new Date('2026-11-22T00:00:00Z') });
      reads.push(read.queries.find((query) => query.text === 'many clicks'));
    }
    const first = { text: 'many clicks', clickedItems: ['title i3', 'title i5', 'title i7', 'title i8', 'title i9'] };
    assert.deepEqual(reads, [first, first, first]);
  });

  it('takes the labels operators submitted through the feedback service (by event id, or with their text)', async () => {
    await runMigrations(analytics, { owner: 'feedback', directory: feedbackMigrations });
    const label = { labeller: 'ops', labelled_at: '2026-11-21T02:00:00Z' };
    await analytics.insert('operator_labels', [
      { ...label, label_id: 'l1', text: '', event_id: 'r2', intent: '', sentiment: 'neutral' },
      { ...label, label_id: 'l2', text: '能开发票吗', event_id: '', intent: 'invoice', sentiment: '' },
    ]);
    const corpus = new ClickHouseTrainingCorpus(analytics, {
      clickWindowMinutes: 30,
      maxTextsPerKind: 100,
      clock: () => new Date('2026-11-22T00:00:00Z'),
    });
    const read = await corpus.read({ days: 30, now: new Date('2026-11-22T00:00:00Z') });
    assert.deepEqual(
      read.reviews.find((review) => review.text === '质量太差'),
      { text: '质量太差', rating: 1, sentiment: 'neutral' },
    );
    assert.deepEqual(
      read.dialogTurns.find((turn) => turn.text === '能开发票吗'),
      { text: '能开发票吗', intent: 'invoice' },
    );
  });
});
