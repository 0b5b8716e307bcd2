import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { batchedRecords, MAX_RECORD_BYTES, singleRecords } from '../src/record-forms.js';
import { testTopic, viewEvent } from './support.js';

const topic = testTopic('unit.encoded.v1', 4);
const form = topic.batched!;
const sourceField = (text: string) => Buffer.concat([Buffer.of(0x32, text.length), Buffer.from(text)]);
/** Every other event as its encoding plus an appended `source` field (a later field replaces the earlier one). */
const appendedSource = (event: Event) =>
  Number(event.eventId.slice(1)) % 2 === 0 ? [Event.encode(event).finish(), sourceField('appended')] : undefined;
/** The event as a consumer decodes it. */
const expected = (event: Event) =>
  Event.decode(
    Event.encode(Number(event.eventId.slice(1)) % 2 === 0 ? { ...event, source: 'appended' } : event).finish(),
  );

test('batched records from encoded parts keep the keys, grouping and order; parts left undefined are encoded', () => {
  const events = Array.from({ length: 400 }, (_, i) => viewEvent(`e${i}`, `user-${(i * 7) % 40}`));
  const plain = batchedRecords(topic, form, events, { h: 'v' });
  const joined = batchedRecords(topic, form, events, { h: 'v' }, appendedSource);
  assert.deepEqual(
    joined.map((r) => [r.key, r.headers]),
    plain.map((r) => [r.key, r.headers]),
  );
  assert.deepStrictEqual(
    joined.map((r) => form.decode(r.value as Buffer)),
    plain.map((r) => form.decode(r.value as Buffer).map(expected)),
  );
});

test('batched records from encoded parts are halved to fit the record size limit too', () => {
  const long = 'x'.repeat(4000);
  const events = Array.from({ length: 300 }, (_, i) =>
    Event.fromPartial({ ...viewEvent(`e${i}`, 'one'), source: long }),
  );
  const records = batchedRecords(topic, form, events, {}, appendedSource);
  assert.ok(records.length > 1);
  for (const record of records) assert.ok((record.value as Buffer).length <= MAX_RECORD_BYTES);
  assert.deepStrictEqual(
    records.flatMap((r) => form.decode(r.value as Buffer)),
    events.map(expected),
  );
});

test('single records from encoded parts hold the parts concatenated', () => {
  const events = [viewEvent('e0'), viewEvent('e1')];
  const records = singleRecords(topic, events, {}, appendedSource);
  assert.deepStrictEqual(
    records.map((r) => Event.decode(r.value as Buffer)),
    events.map(expected),
  );
});
