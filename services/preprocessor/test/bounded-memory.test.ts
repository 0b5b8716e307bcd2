import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { LruMap } from '../src/domain/lru-map.js';
import { RecentIds } from '../src/domain/recent-ids.js';

test('the duplicate window keeps exactly the latest ids, forgetting the oldest first, round after round', () => {
  const seen = new RecentIds(3);
  for (const id of ['a', 'b', 'c', 'a']) seen.add(id);
  assert.equal(seen.size, 3, 'an id added again takes no second place');
  seen.add('d');
  assert.deepEqual(
    ['a', 'b', 'c', 'd'].map((id) => seen.has(id)),
    [false, true, true, true],
  );
  for (const id of ['e', 'f', 'g']) seen.add(id);
  assert.deepEqual(
    ['b', 'c', 'd', 'e', 'f', 'g'].map((id) => seen.has(id)),
    [false, false, false, true, true, true],
  );
  assert.equal(seen.size, 3);
});

test('the bounded map keeps what was written lately and never more than its capacity', () => {
  const map = new LruMap<string, number>(4);
  map.set('a', 1);
  map.set('b', 2);
  map.set('a', 3);
  assert.equal(map.get('a'), 3, 'a rewrite wins over the older value');
  for (let i = 0; i < 10; i++) {
    map.set(`k${i}`, i);
    map.set('a', 100 + i);
    assert.ok(map.size <= 4);
    assert.equal(map.get('a'), 100 + i, 'a key written every round stays');
    assert.equal(map.get(`k${i}`), i, 'the latest write stays');
  }
  assert.equal(map.get('b'), undefined, 'a key not written for long is forgotten');
  assert.equal(map.get('k0'), undefined);
  assert.throws(() => new LruMap(1), /at least 2/);
});

test('the duplicate window stays exact over many evictions (probe runs close up behind removed ids)', () => {
  const window = 5000;
  const seen = new RecentIds(window);
  const id = (n: number) => `evt-${n.toString(36)}-${n % 13}`;
  for (let n = 0; n < 40_000; n++) {
    assert.equal(seen.has(id(n)), false, `new id ${n}`);
    seen.add(id(n));
    if (n % 997 === 0) {
      for (let back = 0; back < window + 20; back++)
        if (n - back >= 0) assert.equal(seen.has(id(n - back)), back < window, `id ${n - back} seen ${back} ago`);
    }
  }
  assert.equal(seen.size, window);
});
