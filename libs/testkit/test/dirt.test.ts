import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { cleanEvents, countExpectedItemStats, type DirtKind, type DirtyLabel } from '../src/index.js';
import { countBy, generate, itemIdOf, textOf, withinBinomial } from './fixtures.js';

const dirty = generate(
  { seed: 8, users: 200, items: 150 },
  { days: 7, dirt: { dirtyRate: 0.05, duplicateRate: 0.03 }, bots: { sessionRate: 0.04 } },
);
const { events, truth } = dirty;

const luhn = (digits: string) =>
  [...digits].reverse().reduce((sum, ch, i) => {
    let d = Number(ch) * (i % 2 ? 2 : 1);
    if (d > 9) d -= 9;
    return sum + d;
  }, 0) %
    10 ===
  0;

/** Checks that the record really carries the dirt its label claims. */
function assertDirtShows(event: Event, label: DirtyLabel, emittedAt: number): void {
  const p = event.payload!;
  const body = (p as Record<string, unknown>)[p.$case] as Record<string, number>;
  const text = textOf(event) ?? '';
  const checks: Record<DirtKind, () => boolean> = {
    missing_item_id: () => itemIdOf(event) === '',
    negative_price: () => body['unitPrice']! < 0,
    absurd_price: () => body['unitPrice']! > 10_000_000,
    zero_quantity: () => body['quantity'] === 0,
    absurd_quantity: () => body['quantity']! > 10_000,
    future_timestamp: () => event.occurredAt!.getTime() > emittedAt + 10 * 365 * 86_400_000,
    invalid_rating: () => p.$case === 'review' && (p.review.rating < 1 || p.review.rating > 5),
    pii_phone: () => /(?<!\d)1[3-9]\d{9}(?!\d)/.test(text),
    pii_email: () => /[\w.]+@[\w]+\.[a-z]{2,}/.test(text),
    pii_id_card: () => /(?<!\d)\d{17}[\dX](?!\d)/.test(text),
    pii_bank_card: () => [...text.matchAll(/62[\d ]{14,21}\d/g)].some((m) => luhn(m[0].replaceAll(' ', ''))),
    pii_address: () => /[市区].+[路街]\d+号/.test(text),
    html_markup: () => /<[a-z]+[\s>]/i.test(text),
    sql_snippet: () => /(DROP TABLE|OR '1'='1|UNION SELECT|DELETE FROM)/.test(text),
    huge_text: () => text.length > (p.$case === 'search' ? 512 : 10_000),
  };
  assert.ok(checks[label.kind](), `${label.kind} not visible in ${event.eventId}: ${text.slice(0, 120)}`);
  assert.ok(label.field.length > 0);
}

test('dirt, re-sends and bots come at the configured rates', () => {
  const c = truth.counts;
  assert.ok(withinBinomial(c.dirtyEvents, c.dirtEligibleEvents, 0.05), `${c.dirtyEvents}/${c.dirtEligibleEvents}`);
  assert.equal(c.dirtEligibleEvents, c.humanEvents, 'with every kind allowed, any event can be dirtied');
  assert.ok(withinBinomial(c.resentEvents, c.humanEvents - c.dirtyEvents, 0.03), `${c.resentEvents}`);
  assert.ok(
    withinBinomial(c.botSessions, c.botSessions + c.humanSessions, 0.04),
    `${c.botSessions}/${c.humanSessions}`,
  );
  assert.equal(c.events, events.length);
});

test('each dirty record shows the dirt its label names, and the label says what should happen', () => {
  const emittedAt = new Map<string, number>();
  let previous = 0;
  for (const event of events) {
    const label = truth.dirty.get(event.eventId);
    if (!label) {
      previous = event.occurredAt!.getTime();
      continue;
    }
    assertDirtShows(event, label, previous);
    emittedAt.set(event.eventId, previous);
    const expected = label.pii
      ? 'mask'
      : label.kind === 'html_markup'
        ? 'strip'
        : label.kind === 'sql_snippet'
          ? 'keep'
          : 'reject';
    assert.equal(label.expect, expected);
  }
  const kinds = countBy(truth.dirty.values(), (l) => l.kind);
  assert.ok(kinds.size >= 8, [...kinds.keys()].join());
});

test('a re-send repeats its original exactly, a little later in the stream', () => {
  const firstAt = new Map<string, number>();
  const originals = new Map<string, Uint8Array>();
  let resends = 0;
  events.forEach((event, index) => {
    const bytes = Event.encode(event).finish();
    const original = originals.get(event.eventId);
    if (!original) {
      originals.set(event.eventId, bytes);
      firstAt.set(event.eventId, index);
      return;
    }
    resends++;
    assert.deepEqual(bytes, original);
    assert.ok(index > firstAt.get(event.eventId)!);
    assert.ok(!truth.dirty.has(event.eventId) && !truth.isBot(event.eventId));
  });
  assert.equal(resends, truth.counts.resentEvents);
  assert.equal(
    [...truth.resent.values()].reduce((a, b) => a + b, 0),
    resends,
  );
});

test('bots crawl item ids in order at an inhuman, perfectly regular pace', () => {
  const sessions = new Map<string, Event[]>();
  for (const event of events) {
    if (!truth.isBot(event.eventId)) continue;
    assert.ok(truth.botUserIds.has(event.userId) && truth.botSessionIds.has(event.sessionId));
    assert.match(event.userId, /^u-\d{6}$/, "bot ids look like people's");
    sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event]);
  }
  assert.equal(sessions.size, truth.counts.botSessions);
  for (const views of sessions.values()) {
    const times = views.map((e) => e.occurredAt!.getTime());
    const gaps = new Set(times.slice(1).map((t, i) => t - times[i]!));
    if (views.length > 20) assert.equal(gaps.size, 1, 'one constant interval');
    const perMinute = ((views.length - 1) / (times.at(-1)! - times[0]! || 1)) * 60_000;
    if (views.length > 20) assert.ok(perMinute >= 100, `${perMinute} views a minute`);
    const ids = views.map((e) => Number(itemIdOf(e)!.slice(2)));
    const steps = ids.slice(1).filter((id, i) => id !== ids[i]! + 1 && id !== 1);
    assert.equal(steps.length, 0, 'consecutive item ids, wrapping to the first');
  }
  const humanIds = new Set(dirty.shop.users.map((u) => u.userId));
  for (const id of truth.botUserIds) assert.ok(!humanIds.has(id));
});

test('cleanEvents keeps what a correct pipeline keeps', () => {
  const kept = [...cleanEvents(events, truth)];
  assert.equal(new Set(kept.map((e) => e.eventId)).size, kept.length);
  assert.ok(kept.every((e) => !truth.isBot(e.eventId) && truth.dirty.get(e.eventId)?.expect !== 'reject'));
  const rejected = [...truth.dirty.values()].filter((l) => l.expect === 'reject').length;
  assert.equal(kept.length, truth.counts.humanEvents - rejected);
  assert.ok(countExpectedItemStats(kept).every((row) => row.units >= 0 && row.revenue >= 0));
});

test('only the allowed kinds are used, and the rate is over the events they can touch', () => {
  const pii: DirtKind[] = ['pii_phone', 'pii_email', 'pii_id_card', 'pii_bank_card', 'pii_address'];
  const run = generate({ seed: 8, users: 200, items: 150 }, { days: 7, dirt: { dirtyRate: 0.3, kinds: pii } });
  const c = run.truth.counts;
  assert.ok(c.dirtEligibleEvents < c.humanEvents / 5);
  assert.ok(withinBinomial(c.dirtyEvents, c.dirtEligibleEvents, 0.3), `${c.dirtyEvents}/${c.dirtEligibleEvents}`);
  for (const label of run.truth.dirty.values())
    assert.ok(pii.includes(label.kind) && label.expect === 'mask' && label.pii);
  assert.deepEqual(
    new Set([...run.truth.dirty.values()].map((l) => l.pii)),
    new Set(['phone', 'email', 'id', 'card', 'address']),
  );
});

test('by default there is no dirt, no re-send and no bot', () => {
  const run = generate({ seed: 8, users: 50, items: 40 }, { days: 2 });
  const c = run.truth.counts;
  assert.deepEqual([c.dirtyEvents, c.resentEvents, c.botEvents, run.truth.botUserIds.size], [0, 0, 0, 0]);
  assert.equal(c.events, c.humanEvents);
});

test('rates outside [0, 1) are refused', () => {
  assert.throws(() => generate({ seed: 1, users: 1, items: 1 }, { dirt: { dirtyRate: 1.5 } }), /dirtyRate/);
  assert.throws(() => generate({ seed: 1, users: 1, items: 1 }, { bots: { sessionRate: -0.1 } }), /sessionRate/);
});
