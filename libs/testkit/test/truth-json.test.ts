import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShop, truthToJson, writeTruthJson } from '../src/index.js';

test('the truth is written as JSON and reads back whole', async () => {
  const shop = createShop({ seed: 3, users: 40, items: 30 });
  const run = shop.generateEvents({
    days: 3,
    dirt: { dirtyRate: 0.05, duplicateRate: 0.02 },
    bots: { sessionRate: 0.05 },
  });
  for (const _ of run);
  const dir = await mkdtemp(join(tmpdir(), 'testkit-'));
  try {
    const path = join(dir, 'nested', 'truth.json');
    await writeTruthJson(path, shop, run.truth);
    const read = JSON.parse(await readFile(path, 'utf8')) as {
      users: unknown[];
      items: unknown[];
      run: Record<string, unknown>;
    };
    assert.deepEqual(read, JSON.parse(JSON.stringify(truthToJson(shop, run.truth))));
    assert.equal(read.users.length, 40);
    assert.equal(read.items.length, 30);
    assert.equal(Object.keys(read.run['dirty'] as object).length, run.truth.dirty.size);
    assert.deepEqual(read.run['counts'], run.truth.counts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("without a run, only the shop's own truth is written", () => {
  const json = truthToJson(createShop({ seed: 3, users: 5, items: 5 }));
  assert.equal(json['run'], undefined);
  assert.equal((json['personas'] as unknown[]).length, 7);
});
