import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event, type CleanEvent } from '@demand/contracts';
import { Aggregator, ItemNotFoundError } from '../src/domain/aggregator.js';
import type { EventRow, ItemRow } from '../src/domain/event-rows.js';
import type { DailyKindCount } from '../src/domain/item-stats.js';
import type { EventStore } from '../src/ports/event-store.port.js';
import type { DayRange } from '../src/domain/stats-query.js';
import { eventRow } from './event-row-fixture.js';

/** An in-memory store with the same contract, to test the domain without an engine. */
class MemoryEventStore implements EventStore {
  readonly events = new Map<string, EventRow>();
  readonly items = new Map<string, ItemRow>();
  append(rows: readonly EventRow[]) {
    for (const row of rows) this.events.set(row.event_id, row);
    return { durable: Promise.resolve() };
  }
  flush() {}
  async close() {}
  async upsertItems(rows: readonly ItemRow[]) {
    for (const row of rows) this.items.set(row.item_id, row);
  }
  async itemExists(itemId: string) {
    return this.items.has(itemId);
  }
  async dailyCounts(itemId: string, range: DayRange): Promise<DailyKindCount[]> {
    const out = new Map<string, DailyKindCount>();
    for (const e of this.events.values()) {
      const day = new Date(e.occurred_at).toISOString().slice(0, 10);
      if (e.item_id !== itemId || (range.fromDay && day < range.fromDay) || (range.toDay && day > range.toDay))
        continue;
      const key = `${day}/${e.kind}`;
      const row = out.get(key) ?? { day, kind: e.kind, events: 0, units: 0, revenue: 0 };
      row.events++;
      if (e.kind === 'purchase') {
        row.units += e.quantity;
        row.revenue += e.quantity * e.unit_price;
      }
      out.set(key, row);
    }
    return [...out.values()];
  }
}

const clean = (event: Partial<Event>): CleanEvent => ({
  event: Event.fromPartial({ userId: 'u1', ...event }),
  flags: [],
  schemaVersion: 1,
});
const at = (iso: string) => new Date(iso);

test('ingest is idempotent and stats count each event once, per day and kind', async () => {
  const store = new MemoryEventStore();
  const aggregator = new Aggregator(store);
  const batch = [
    clean({
      eventId: 'v1',
      occurredAt: at('2026-11-01T10:00:00Z'),
      payload: { $case: 'view', view: { itemId: 'i1', surface: '', dwellMs: 0 } },
    }),
    clean({
      eventId: 'v2',
      occurredAt: at('2026-11-02T10:00:00Z'),
      payload: { $case: 'view', view: { itemId: 'i1', surface: '', dwellMs: 0 } },
    }),
    clean({
      eventId: 'p1',
      occurredAt: at('2026-11-02T11:00:00Z'),
      payload: {
        $case: 'purchase',
        purchase: { orderId: 'o1', itemId: 'i1', quantity: 3, unitPrice: 19.9, currency: 'CNY' },
      },
    }),
    clean({
      eventId: 's1',
      occurredAt: at('2026-11-02T11:00:00Z'),
      payload: { $case: 'search', search: { query: 'dress', resultsCount: 3 } },
    }),
  ];
  const first = await aggregator.ingest(batch);
  assert.deepEqual([first.events, first.items], [4, 0]);
  await first.durable;
  await (await aggregator.ingest(batch)).durable;
  const stats = await aggregator.itemStats({ itemId: 'i1', fromDay: '', toDay: '' });
  assert.equal(stats.totals?.views, 2);
  assert.equal(stats.totals?.purchases, 1);
  assert.equal(stats.totals?.unitsSold, 3);
  assert.equal(stats.totals?.revenue, 59.7);
  assert.deepEqual(
    stats.days.map((d) => [d.day, d.counts?.views, d.counts?.purchases]),
    [
      ['2026-11-01', 1, 0],
      ['2026-11-02', 1, 1],
    ],
  );
  const oneDay = await aggregator.itemStats({ itemId: 'i1', fromDay: '2026-11-02', toDay: '2026-11-02' });
  assert.equal(oneDay.totals?.views, 1);
});

test('an unknown item is NOT_FOUND; a catalog item with no events has zero counts', async () => {
  const aggregator = new Aggregator(new MemoryEventStore());
  await assert.rejects(aggregator.itemStats({ itemId: 'nope', fromDay: '', toDay: '' }), ItemNotFoundError);
  await aggregator.ingest([
    clean({
      eventId: 'u',
      userId: '',
      occurredAt: at('2026-11-01T00:00:00Z'),
      payload: {
        $case: 'itemUpsert',
        itemUpsert: {
          itemId: 'i2',
          title: 't',
          description: '',
          brand: '',
          categoryPath: [],
          price: 1,
          currency: 'CNY',
          attributes: {},
          stock: 1,
          localizedTitles: {},
        },
      },
    }),
  ]);
  const stats = await aggregator.itemStats({ itemId: 'i2', fromDay: '', toDay: '' });
  assert.equal(stats.totals?.views, 0);
  assert.deepEqual(stats.days, []);
});

test('bad requests name the field', async () => {
  const aggregator = new Aggregator(new MemoryEventStore());
  await assert.rejects(aggregator.itemStats({ itemId: '', fromDay: '', toDay: '' }), /item_id: is required/);
  await assert.rejects(
    aggregator.itemStats({ itemId: 'i', fromDay: '2026-13-45', toDay: '' }),
    /from_day: must be a day as YYYY-MM-DD/,
  );
  await assert.rejects(
    aggregator.itemStats({ itemId: 'i', fromDay: '2026-11-05', toDay: '2026-11-01' }),
    /from_day: must not be after to_day/,
  );
});

test('listeners are told the users whose events in a batch are all backfill', async () => {
  const aggregator = new Aggregator(new MemoryEventStore());
  const told: string[][] = [];
  aggregator.onStored((_users, _items, _events, backfillOnly) => told.push([...backfillOnly].sort()));
  const row = (id: string, user: string, backfill?: boolean) => ({
    ...eventRow(Date.parse('2026-11-02T10:00:00Z'), id, user, 'view', 'i1', 1),
    ...(backfill === undefined ? {} : { backfill }),
  });
  const mixed = [row('1', 'a', true), row('2', 'b', true), row('3', 'b'), row('4', 'c', false), row('5', 'a', true)];
  await (await aggregator.ingestRows({ events: mixed, items: [] })).durable;
  await (await aggregator.ingestRows({ events: [row('6', 'a'), row('7', 'b', false)], items: [] })).durable;
  // All backfill (an import's batch), a live event without a user among them: every user is backfill-only.
  const imported = [row('8', 'b', true), row('9', 'a', true), row('10', '', false), row('11', 'b', true)];
  await (await aggregator.ingestRows({ events: imported, items: [] })).durable;
  assert.deepEqual(told, [['a'], [], ['a', 'b']]);
});
