import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { storeForThisFile } from './embedded-fixture.js';

const theStore = storeForThisFile();

test("DateTime64(3, 'UTC') round-trips to the millisecond as ISO 8601, from strings and Dates", async () => {
  const store = theStore();
  await store.command(
    "CREATE TABLE moments (id UInt8, at DateTime64(3, 'UTC'), at_seconds DateTime('UTC')) ENGINE = MergeTree ORDER BY id",
  );
  const at = new Date('2024-02-29T23:59:58.123Z');
  await store.insert('moments', [
    { id: 1, at: at.toISOString(), at_seconds: '2024-02-29T23:59:58Z' },
    { id: 2, at, at_seconds: '2024-02-29 23:59:58' },
  ]);
  const rows = await store.query<{ id: number; at: string; at_seconds: string }>(
    'SELECT id, at, at_seconds FROM moments ORDER BY id',
  );
  assert.deepEqual(rows, [
    { id: 1, at: '2024-02-29T23:59:58.123Z', at_seconds: '2024-02-29T23:59:58Z' },
    { id: 2, at: '2024-02-29T23:59:58.123Z', at_seconds: '2024-02-29T23:59:58Z' },
  ]);
  assert.equal(new Date(rows[0]!.at).getTime(), at.getTime());
  const matched = await store.query<{ id: number }>(
    'SELECT id FROM moments WHERE at = {at:DateTime64(3)} AND at_seconds = {second:DateTime} ORDER BY id',
    {
      at,
      second: new Date('2024-02-29T23:59:58Z'),
    },
  );
  assert.deepEqual(matched, [{ id: 1 }, { id: 2 }]);
});

test('64-bit integers come back as numbers; toString keeps every digit', async () => {
  const store = theStore();
  const [row] = await store.query<{ small: number; big: number; exact: string; negative: number }>(
    'SELECT toUInt64(42) AS small, toUInt64(9007199254740993) AS big, toString(toUInt64(9007199254740993)) AS exact, toInt64(-5) AS negative',
  );
  assert.deepEqual(row, { small: 42, big: 9007199254740992, exact: '9007199254740993', negative: -5 });
});

test('queryCompact returns what query returns, as arrays in column order, line breaks in values included', async () => {
  const store = theStore();
  await store.command(
    "CREATE TABLE compact_read (id String, at DateTime64(3, 'UTC'), big UInt64, price Float64, tags Array(String)) " +
      'ENGINE = MergeTree ORDER BY id',
  );
  await store.insert('compact_read', [
    { id: 'a', at: '2026-11-02T00:00:00.123Z', big: 2 ** 53 - 1, price: 0.1, tags: [] },
    { id: "q'uote\\back\nline\ttab 长", at: '1999-12-31T23:59:59.999Z', big: 0, price: -1.5e300, tags: ['x\ny', ''] },
  ]);
  const sql = 'SELECT id, at, toUnixTimestamp64Milli(at) AS ms, big, price, tags FROM compact_read ORDER BY id';
  const objects = await store.query<Record<string, unknown>>(sql);
  const arrays = await store.queryCompact(sql);
  assert.equal(arrays.length, 2);
  assert.deepEqual(
    arrays,
    objects.map((o) => Object.values(o)),
  );
  assert.deepEqual(await store.queryCompact('SELECT 1 AS x WHERE 0'), []);
});
