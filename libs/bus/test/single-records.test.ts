import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event, RecsServed, Topics } from '@demand/contracts';
import { batchedRecords, singleRecords } from '../src/record-forms.js';
import { testTopic, viewEvent } from './support.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const units = ['a', 'Z', '0', '-', ' ', '\u007f', 'é', '\u0080', '“', '”', '好', '😀', '\ud800', '\udc00'];

function messages(seed: number, count: number): RecsServed[] {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const text = (max: number) => Array.from({ length: int(max + 1) }, () => units[int(units.length)]).join('');
  const ascii = (length: number) => 'x'.repeat(length);
  return Array.from({ length: count }, (_, i) => {
    const items = i % 97 === 50 ? 3000 : int(120); // now and then one over the kept writer's 64 KB
    return RecsServed.fromPartial({
      recommendationId: next() < 0.9 ? ascii(36) : text(200),
      userId: text(int(3) === 0 ? 40 : 140),
      method: next() < 0.5 ? 'recommend' : 'similar_items',
      page: text(10),
      currentItemId: next() < 0.5 ? '' : text(60),
      itemIds: Array.from({ length: items }, () => (next() < 0.7 ? ascii(1 + int(40)) : text(130))),
      scores: Array.from({ length: int(items + 1) }, () => (next() - 0.5) * 10 ** int(12)),
      coldStart: next() < 0.3,
      arm: text(20),
      modelVersions: Object.fromEntries(Array.from({ length: int(4) }, (_, k) => [`${k}${text(8)}`, text(50)])),
      ...(next() < 0.8 ? { servedAt: new Date(Date.UTC(2026, 11, 6) + int(1e9)) } : {}),
    });
  });
}

/** What the code before the kept writer wrote: each message with a writer of its own. */
const alone = (m: RecsServed) => Buffer.from(RecsServed.encode(m).finish());

test('single records hold each message as its own writer encodes it, over many random messages', () => {
  for (const seed of [1, 2, 3]) {
    const served = messages(seed, 400);
    const records = singleRecords(Topics.recsServed, served, { h: 'v' });
    assert.equal(records.length, served.length);
    records.forEach((record, i) => {
      assert.ok((record.value as Buffer).equals(alone(served[i]!)), `seed ${seed}, message ${i}`);
      assert.equal(record.key, Topics.recsServed.keyOf(served[i]!));
    });
  }
});

test('a message that fails to encode leaves nothing behind for the next one', () => {
  const [first, second] = messages(9, 2);
  const broken = { ...first!, servedAt: new Date(Number.NaN) }; // its last field: the rest is written by then
  assert.throws(() => singleRecords(Topics.recsServed, [broken], {}));
  const [record] = singleRecords(Topics.recsServed, [second!], {});
  assert.ok((record!.value as Buffer).equals(alone(second!)));
});

test('batched records with messages left to encode hold the bytes of the form encoding them all', () => {
  const topic = testTopic('unit.kept-writer.v1', 4);
  const form = topic.batched!;
  const events = Array.from({ length: 300 }, (_, i) =>
    Event.fromPartial({ ...viewEvent(`e${i}`, `user-${i % 13}`), source: units.join('').repeat(i % 9) }),
  );
  const byForm = batchedRecords(topic, form, events, {});
  const byParts = batchedRecords(topic, form, events, {}, () => undefined);
  assert.equal(byParts.length, byForm.length);
  byParts.forEach((record, i) => assert.ok((record.value as Buffer).equals(byForm[i]!.value as Buffer), `record ${i}`));
});

test('a message handed over as one encoded part is the record value itself; several are concatenated', () => {
  const [first, second] = messages(3, 2);
  const part = RecsServed.encode(first!).finish();
  const records = singleRecords(Topics.recsServed, [first!, second!], {}, (m) =>
    m === first ? [part] : [part.subarray(0, 3), part.subarray(3)],
  );
  const [one, split] = records.map((r) => r.value as Buffer);
  assert.equal(one!.buffer, part.buffer);
  assert.ok(split!.equals(part) && split!.buffer !== part.buffer);
});
