import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { addDue, dueUsers, isDue, removeDue, takeDue } from '../src/due-users.js';

describe('DueUsers', () => {
  it('hands out the users due by a time, soonest first, each once, with users taken out on the way', () => {
    const heap = dueUsers(200);
    const due = new Map<number, number>();
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let step = 0; step < 2000; step++) {
      const u = next(200);
      if (next(3) === 0) {
        removeDue(heap, u);
        due.delete(u);
      } else {
        const at = next(1000);
        addDue(heap, u, at);
        if (!due.has(u)) due.set(u, at); // a user already due keeps its first time
      }
      assert.equal(heap.size, due.size);
    }
    assert.equal(takeDue(heap, -1), -1, 'none due before the soonest');
    const expected = [...due].filter(([, at]) => at <= 600).sort((a, b) => a[1] - b[1]);
    const taken: number[] = [];
    for (let u = takeDue(heap, 600); u >= 0; u = takeDue(heap, 600)) taken.push(due.get(u)!);
    assert.deepEqual(
      taken,
      expected.map(([, at]) => at),
    );
    assert.ok(expected.every(([u]) => !isDue(heap, u)));
    assert.equal(heap.size, due.size - expected.length);
  });
});
