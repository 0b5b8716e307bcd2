import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { KafkaMessage } from 'kafkajs';
import {
  CleanEvent,
  CleanText,
  Event,
  Topics,
  type ItemStats,
  type ItemUpsert,
  type TrackBatchResponse,
  type TrackResponse,
  type UpsertItemsResponse,
} from '@demand/contracts';
import { countExpectedItemStats, createShop, type DirtyLabel } from '@demand/testkit';
import { unaryCall } from '../src/grpc-call.js';
import { piiEvents, piiItem, PLANTED_PII } from '../src/pii-events.js';
import { piiFoundIn } from '../src/pii-patterns.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { readWholeTopic, recordValues } from '../src/topic-reader.js';

// Three days of a shop (reviews follow purchases by 1-9 days), dirt and bots mixed in at known rates;
// half of the bot sessions are paced crawlers (about one view a second, random items).
const shop = createShop({ seed: 21, users: 400, items: 80, startDay: '2026-10-01' });
const run = shop.generateEvents({
  days: 3,
  dirt: { dirtyRate: 0.08, duplicateRate: 0.03 },
  bots: { sessionRate: 0.03, pacedShare: 0.5 },
  runId: 'dirty',
});
const generated = [...run];
const truth = run.truth;
const PII_ITEM = 'i-pii-1';
const planted = piiEvents(shop.items[0]!.itemId, new Date('2026-10-02T09:00:00Z'));
const PSEUDONYM = /^p[0-9a-f]{32}$/;
const PLACEHOLDER = { phone: '[PHONE]', email: '[EMAIL]', id: '[ID]', card: '[CARD]', address: '[ADDRESS]' } as const;

const isRefused = (e: Event) => truth.dirty.get(e.eventId)?.expect === 'reject';

/** The text field a dirty label points at, as published. */
function textOf(event: Event, field: string): string {
  const p = event.payload!;
  if (field === 'search.query' && p.$case === 'search') return p.search.query;
  if (field === 'review.text' && p.$case === 'review') return p.review.text;
  if (field === 'dialog_turn.text' && p.$case === 'dialogTurn') return p.dialogTurn.text;
  throw new Error(`no text ${field} on a ${p.$case} event`);
}

describe('a day of a dirty shop with bots, through collector and preprocessor', () => {
  let p: TestPlatform;
  const refusedOverGrpc: { label: DirtyLabel; details: string; code: number }[] = [];
  let clean = new Map<string, CleanEvent[]>();
  let texts: CleanText[] = [];
  let deadLetters: KafkaMessage[] = [];

  beforeAll(async () => {
    p = await startTestPlatform();
    const items: ItemUpsert[] = [
      ...shop.itemUpsertEvents().flatMap((e) => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : [])),
      piiItem(PII_ITEM),
    ];
    await unaryCall<UpsertItemsResponse>((m, o, cb) => p.collector.upsertItems({ items }, m, o, cb));
    await p.drain();

    // Good events in batches; every event the collector must refuse on its own, so the rest still goes through.
    let batch: Event[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const res = await unaryCall<TrackBatchResponse>((m, o, cb) =>
        p.collector.trackBatch({ events: batch }, m, o, cb),
      );
      assert.equal(res.accepted, batch.length);
      batch = [];
    };
    for (const event of [...generated, ...planted]) {
      if (!isRefused(event)) {
        batch.push(event);
        if (batch.length === 500) await flush();
        continue;
      }
      const error = await unaryCall<TrackResponse>((m, o, cb) => p.collector.track({ event }, m, o, cb)).then(
        () => undefined,
        (e: ServiceError) => e,
      );
      refusedOverGrpc.push({
        label: truth.dirty.get(event.eventId)!,
        details: error?.details ?? 'accepted',
        code: error?.code ?? -1,
      });
    }
    await flush();

    // The other door: the same refused events written straight to the raw topic.
    const producer = p.kafka.producer();
    await producer.connect();
    const refused = generated.filter(isRefused);
    await producer.send({
      topic: Topics.eventsRaw.name,
      messages: refused.map((e) => ({ key: e.userId, value: Buffer.from(Event.encode(e).finish()) })),
    });
    await producer.disconnect();
    await p.drain();

    const [cleanRecords, textRecords, deadRecords] = await Promise.all(
      [Topics.eventsClean.name, Topics.textsClean.name, Topics.eventsRaw.dlq].map((topic) =>
        readWholeTopic(p.kafka, p.admin, topic),
      ),
    );
    clean = new Map();
    for (const record of cleanRecords!.flatMap((m) => recordValues(Topics.eventsClean, m))) {
      const id = record.event!.eventId;
      clean.set(id, [...(clean.get(id) ?? []), record]);
    }
    texts = textRecords!.map((m) => CleanText.decode(m.value!));
    deadLetters = deadRecords!;
  });
  afterAll(async () => p?.stop());

  test('the run has what the checks need', () => {
    const c = truth.counts;
    assert.ok(
      c.botEvents > 1000 && c.dirtyEvents > 100 && c.resentEvents > 50 && c.humanByKind.review > 0,
      JSON.stringify(c),
    );
  });

  test('dirt the collector must refuse is INVALID_ARGUMENT naming the field, over gRPC and in the DLQ from Kafka', () => {
    const refused = generated.filter(isRefused);
    assert.equal(refusedOverGrpc.length, refused.length);
    for (const { label, details, code } of refusedOverGrpc) {
      assert.equal(code, status.INVALID_ARGUMENT, `${label.kind}: ${details}`);
      assert.ok(details.startsWith(`event.${label.field}:`), `${label.kind} names ${label.field}: ${details}`);
    }
    const reasons = new Map(
      deadLetters.map((m) => [Event.decode(m.value!).eventId, m.headers?.['x-error']?.toString() ?? '']),
    );
    for (const event of refused) {
      const label = truth.dirty.get(event.eventId)!;
      assert.ok(
        reasons.get(event.eventId)?.startsWith(`event.${label.field}:`),
        `${event.eventId} ${label.kind}: ${reasons.get(event.eventId)}`,
      );
      assert.ok(!clean.has(event.eventId), `${event.eventId} must not reach events.clean.v1`);
    }
    assert.equal(deadLetters.length, refused.length, 'nothing else was dead-lettered');
  });

  test('every clean event arrives exactly once, re-sends included, pseudonymised', () => {
    const expected = new Set([...generated, ...planted].filter((e) => !isRefused(e)).map((e) => e.eventId));
    assert.ok(truth.resent.size > 0);
    for (const id of expected)
      assert.equal(clean.get(id)?.length, 1, `${id} arrived ${clean.get(id)?.length ?? 0} times`);
    const behaviour = [...clean.values()].flat().filter((c) => c.event!.payload!.$case !== 'itemUpsert');
    assert.equal(behaviour.length, expected.size);
    for (const c of behaviour) assert.match(c.event!.userId, PSEUDONYM);
    assert.ok(
      behaviour.every((c) => c.schemaVersion === 2 && c.flags.includes('late')),
      'October events received in November are late',
    );
  });

  test('dirt that is kept is flagged with its reason: PII masked, HTML stripped, SQL inert', () => {
    let checked = 0;
    for (const [eventId, label] of truth.dirty) {
      if (label.expect === 'reject') continue;
      const record = clean.get(eventId)![0]!;
      const text = textOf(record.event!, label.field);
      if (label.expect === 'mask') {
        assert.ok(record.flags.includes('pii_masked'), `${eventId} ${label.kind}: ${record.flags}`);
        assert.ok(text.includes(PLACEHOLDER[label.pii!]), `${label.kind}: ${text}`);
      } else if (label.expect === 'strip') {
        assert.ok(record.flags.includes('html_stripped'), `${eventId}: ${record.flags}`);
        assert.doesNotMatch(text, /<\/?[a-z][^>]*>/i);
      } else {
        assert.match(text, /DROP TABLE|OR '1'='1|UNION SELECT|DELETE FROM/, 'the SQL stays as text');
      }
      checked++;
    }
    assert.ok(checked >= 10, `checked ${checked} kept dirty events`);
  });

  test('no PII pattern survives in events.clean.v1, texts.clean.v1 or the ClickHouse tables', async () => {
    const leaks: string[] = [];
    // A random UUID's last group can read as a mobile number (…-f14595903467); a UUID is never personal data.
    const UUIDS = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
    const scan = (where: string, text: string) => {
      const found = [...piiFoundIn(text.replace(UUIDS, '<uuid>')), ...PLANTED_PII.filter((v) => text.includes(v))];
      if (found.length > 0) leaks.push(`${where}: ${found.join(', ')} in ${text.slice(0, 200)}`);
    };
    for (const c of [...clean.values()].flat())
      scan(
        `clean ${c.event!.eventId}`,
        JSON.stringify(CleanEvent.toJSON({ ...c, event: { ...c.event!, userId: '' } })),
      );
    for (const t of texts) scan(`text ${t.textId}`, JSON.stringify(CleanText.toJSON({ ...t, userId: '' })));
    const rows = await p.platform.analytics.query<{ user_id: string; text: string; query: string }>(
      'SELECT user_id, text, query FROM clean_events',
    );
    assert.ok(rows.length > 10_000);
    for (const r of rows) {
      assert.match(r.user_id, PSEUDONYM);
      scan('events row', `${r.text} ${r.query}`);
    }
    for (const r of await p.platform.analytics.query<{ title: string; description: string }>(
      'SELECT title, description FROM items',
    ))
      scan('items row', `${r.title} ${r.description}`);
    assert.deepEqual(leaks, []);
    const planted = texts.filter((t) => t.sourceEventId.startsWith('ev-pii-') || t.itemId === PII_ITEM);
    assert.equal(planted.length, 8, 'every planted text was published, masked');
  });

  test('texts.clean.v1 holds every review, query, dialog turn and item text, segmented', () => {
    const kinds = new Set(['search', 'review', 'dialogTurn']);
    const withText = [...clean.values()]
      .flat()
      .filter(
        (c) =>
          kinds.has(c.event!.payload!.$case) &&
          !c.flags.includes('text_empty') &&
          !(c.event!.payload!.$case === 'review' && c.event!.payload!.review.text === ''),
      );
    const items = [...clean.values()].flat().filter((c) => c.event!.payload!.$case === 'itemUpsert');
    assert.equal(texts.length, withText.length + items.length);
    const withTokens = texts.filter((t) => t.tokens.length > 0).length;
    assert.ok(withTokens / texts.length > 0.95, `${withTokens} of ${texts.length} texts have tokens`);
    assert.ok(
      texts.filter((t) => t.entities.some((e) => e.kind === 'brand' || e.kind === 'category')).length >
        texts.length / 3,
      'catalog entities are found',
    );
  });

  test('bot traffic, paced crawlers included, is flagged with precision and recall of at least 0.95', () => {
    const flagged = new Set(
      [...clean.values()]
        .flat()
        .filter((c) => c.flags.some((f) => f.startsWith('bot:')))
        .map((c) => c.event!.eventId),
    );
    const hits = [...flagged].filter((id) => truth.botEventIds.has(id)).length;
    const precision = hits / flagged.size;
    const recall = hits / truth.botEventIds.size;
    console.log(
      `bots: ${truth.botEventIds.size} events, ${flagged.size} flagged, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`,
    );
    assert.ok(precision >= 0.95, `precision ${precision}`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
  });

  test('GetItemStats counts every clean, unflagged event exactly once (bots excluded)', async () => {
    const counted = [...generated, ...planted].filter((e) => {
      const record = clean.get(e.eventId)?.[0];
      return record !== undefined && !record.flags.some((f) => f.startsWith('bot:'));
    });
    const unique = [...new Map(counted.map((e) => [e.eventId, e])).values()];
    const expected = countExpectedItemStats(unique).filter((row) => row.itemId !== '');
    const byItem = new Map<string, typeof expected>();
    for (const row of expected) byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row]);
    for (const [itemId, days] of byItem) {
      const stats = await unaryCall<ItemStats>((m, o, cb) =>
        p.features.getItemStats({ itemId, fromDay: '', toDay: '' }, m, o, cb),
      );
      const actual = new Map(stats.days.map((d) => [d.day, d.counts!]));
      assert.equal(stats.days.length, days.length, `${itemId}: days`);
      for (const want of days) {
        const got = actual.get(want.day)!;
        assert.deepEqual(
          [
            got.views,
            got.clicks,
            got.addToCarts,
            got.removeFromCarts,
            got.purchases,
            got.reviews,
            got.dialogTurns,
            got.unitsSold,
          ],
          [
            want.views,
            want.clicks,
            want.addToCarts,
            want.removeFromCarts,
            want.purchases,
            want.reviews,
            want.dialogTurns,
            want.units,
          ],
          `${itemId} ${want.day}`,
        );
        assert.ok(
          Math.abs(got.revenue - want.revenue) < 0.011,
          `${itemId} ${want.day}: revenue ${got.revenue} vs ${want.revenue}`,
        );
      }
    }
    assert.ok(byItem.size >= 60, `checked ${byItem.size} items`);
  });
});
