import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CleanEvent, Event, Topics } from '../src/index.js';

const event = (eventId: string, text: string) =>
  Event.fromPartial({
    eventId,
    userId: 'u1',
    occurredAt: new Date(Date.UTC(2026, 10, 3, 8)),
    payload: { $case: 'review', review: { itemId: 'i1', rating: 4, text } },
  });
// Encoded lengths with one-, two- and three-byte varints, and an empty event.
const events = [event('a', ''), event('b', 'x'.repeat(200)), event('c', '好'.repeat(7000)), Event.fromPartial({})];

test('joining encoded events (in parts) gives the bytes the batched form encodes', () => {
  const form = Topics.eventsRaw.batched!;
  const parts = events.map((e) => {
    const bytes = Event.encode(e).finish();
    const cut = Math.floor(bytes.length / 2);
    return [bytes.subarray(0, cut), bytes.subarray(cut)];
  });
  const [joined, encoded] = [Buffer.from(form.joinEncoded!(parts)), Buffer.from(form.encode(events))];
  assert.equal(joined.length, encoded.length);
  assert.ok(joined.equals(encoded), 'same bytes');
  assert.equal(form.decode(joined).length, events.length);
  assert.equal(form.decode(form.joinEncoded!(parts))[2]?.payload?.$case, 'review');
});

test('the clean topic joins the same way, an empty record included', () => {
  const form = Topics.eventsClean.batched!;
  const clean = events.map((e) => CleanEvent.fromPartial({ event: e, flags: ['late'], schemaVersion: 2 }));
  const joined = Buffer.from(form.joinEncoded!(clean.map((c) => [CleanEvent.encode(c).finish()])));
  assert.ok(joined.equals(Buffer.from(form.encode(clean))));
  assert.equal(form.joinEncoded!([]).length, 0);
});
