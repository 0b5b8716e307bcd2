import assert from 'node:assert/strict';
import { jest, test } from '@jest/globals';
import { InlineInserter } from '../src/embedded/inline-insert.js';
import { storeForThisFile } from './embedded-fixture.js';

const store = storeForThisFile();
const MONTHS = 101; // one more than the engine's default max_partitions_per_insert_block

/** Mid-month `month` months after January 2010, as ISO 8601, or (`withoutZone`) as text RowBinary does not take. */
const at = (month: number, withoutZone = false) => {
  const iso = new Date(Date.UTC(2010, month, 15)).toISOString();
  return withoutZone ? iso.slice(0, 19).replace('T', ' ') : iso;
};

test('an insert whose rows span more than 100 monthly partitions is stored whole, by every insert form', async () => {
  await store().command(
    'CREATE TABLE monthly (id UInt32, at DateTime64(3), units UInt32) ' +
      'ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY id',
  );
  const forms = ['insert', 'insertCompact', 'insertRowBinaryFile'] as const;
  const spies = forms.map((form) => jest.spyOn(InlineInserter.prototype, form));
  const ran = () => spies.map((spy) => spy.mock.calls.length);
  const months = Array.from({ length: MONTHS }, (_, month) => month);
  try {
    await store().insert(
      'monthly',
      months.map((month) => ({ id: month, at: at(month), units: 1 })),
    );
    assert.deepEqual(ran(), [1, 0, 0], 'JSONEachRow inline');
    const columns = ['id', 'at', 'units'];
    await store().insertCompact(
      'monthly',
      columns,
      months.map((month) => [MONTHS + month, at(month), 2]),
    );
    assert.deepEqual(ran(), [1, 0, 1], 'RowBinary through a spool file');
    await store().insertCompact(
      'monthly',
      columns,
      months.map((month) => [2 * MONTHS + month, at(month, true), 4]),
    );
    assert.deepEqual(ran(), [1, 1, 1], 'JSONCompactEachRow inline (a time without its zone)');
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  assert.deepEqual(
    await store().query(
      'SELECT count() AS n, uniqExact(toYYYYMM(at)) AS partitions, sum(units) AS units, ' +
        'countIf(toDayOfMonth(at) = 15) AS mid FROM monthly',
    ),
    [{ n: 3 * MONTHS, partitions: MONTHS, units: 7 * MONTHS, mid: 3 * MONTHS }],
  );
});
