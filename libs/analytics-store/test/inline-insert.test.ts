import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { type Column, InlineInserter } from '../src/embedded/inline-insert.js';

const column = (name: string, type: string, default_kind = '', default_expression = ''): Column => ({
  name,
  type,
  default_kind,
  default_expression,
});
const views = [
  column('event_id', 'String'),
  column('at', "DateTime64(3, 'UTC')"),
  column('tags', 'Map(String, String)'),
  column('n', 'UInt32', 'DEFAULT', '1'),
];

function countingInserter() {
  const reads: string[] = [];
  const inserter = new InlineInserter(async (table) => {
    reads.push(table);
    return views;
  });
  return { inserter, reads };
}

test("an insert's shape reads the table's columns once, until forget()", async () => {
  const { inserter, reads } = countingInserter();
  const shape = await inserter.shape('views', ['at', 'event_id']);
  assert.equal(shape.names, '`at`, `event_id`');
  assert.equal(shape.structure, "`at` DateTime64(3, 'UTC'), `event_id` String");
  assert.equal(shape.writers?.length, 2, 'RowBinary writes both types');
  await inserter.shape('views', ['event_id']);
  await inserter.wholeRowShape('views');
  assert.deepEqual(reads, ['views'], 'one read for three shapes');
  inserter.forget();
  await inserter.shape('views', ['event_id']);
  assert.deepEqual(reads, ['views', 'views'], 'read again after DDL');
});

test('shapes name defaults for whole rows, leave RowBinary out for types it lacks, and refuse unknown columns', async () => {
  const { inserter } = countingInserter();
  assert.equal(
    (await inserter.wholeRowShape('views')).structure,
    "`event_id` String, `at` DateTime64(3, 'UTC'), `tags` Map(String, String), `n` UInt32 DEFAULT 1",
  );
  assert.equal((await inserter.shape('views', ['event_id', 'tags'])).writers, undefined);
  await assert.rejects(inserter.shape('views', ['nope']), /table views has no insertable column nope/);
  await assert.rejects(inserter.shape('views; DROP TABLE x', ['n']), /is not a table name/);
});
