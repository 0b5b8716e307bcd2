import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { RecentIds } from '../src/domain/recent-ids.js';

test('the duplicate window keeps exactly the latest ids, forgetting the oldest first, round after round', () => {
  const window = new RecentIds(3);
  const seen = {
    add: (id: string) => window.add(window.printOf(id)),
    has: (id: string) => window.has(window.printOf(id)),
  };
  for (const id of ['a', 'b', 'c', 'a']) seen.add(id);
  assert.equal(window.size, 3, 'an id added again takes no second place');
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
  assert.equal(window.size, 3);
});

test('the duplicate window stays exact over many evictions (probe runs close up behind removed ids)', () => {
  const window = 5000;
  const seen = new RecentIds(window);
  const print = (n: number) => seen.printOf(`evt-${n.toString(36)}-${n % 13}`);
  for (let n = 0; n < 40_000; n++) {
    assert.equal(seen.has(print(n)), false, `new id ${n}`);
    seen.add(print(n));
    if (n % 997 === 0) {
      for (let back = 0; back < window + 20; back++)
        if (n - back >= 0) assert.equal(seen.has(print(n - back)), back < window, `id ${n - back} seen ${back} ago`);
    }
  }
  assert.equal(seen.size, window);
});
