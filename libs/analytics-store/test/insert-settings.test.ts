import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { InsertSettings } from '../src/server/insert-settings.js';

test('a server with the partition limit gets it lifted, asked once for all inserts', async () => {
  let asked = 0;
  const settings = new InsertSettings(async () => {
    asked += 1;
    return true;
  });
  const [first, second] = await Promise.all([settings.get(), settings.get()]);
  assert.deepEqual(first, { max_partitions_per_insert_block: '0' });
  assert.equal(second, first);
  assert.deepEqual(await settings.get(), first);
  assert.equal(asked, 1);
});

test('a server without the setting (18.16 refuses unknown ones) gets none', async () => {
  assert.deepEqual(await new InsertSettings(async () => false).get(), {});
});

test('a failed probe fails that insert and is asked again by the next', async () => {
  let asked = 0;
  const settings = new InsertSettings(async () => {
    asked += 1;
    if (asked === 1) throw new Error('connection refused');
    return true;
  });
  await assert.rejects(settings.get(), /connection refused/);
  assert.deepEqual(await settings.get(), { max_partitions_per_insert_block: '0' });
  assert.equal(asked, 2);
});
