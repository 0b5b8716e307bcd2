import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { LruMap } from '../src/index.js';

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

test('a key that is only read stays, because a hit in the older generation renews it', () => {
  const map = new LruMap<string, number>(4);
  map.set('hot', 1);
  for (let i = 0; i < 20; i++) {
    map.set(`k${i}`, i);
    assert.equal(map.get('hot'), 1, `round ${i}: a key read every round is kept without a rewrite`);
    assert.ok(map.size <= 4);
  }
  assert.equal(map.get('k0'), undefined, 'a key neither read nor written for long is forgotten');
  assert.equal(map.get('k19'), 19);
});

test('a deleted key is gone, from either generation', () => {
  const map = new LruMap<string, number>(4);
  map.set('a', 1);
  map.set('b', 2); // the generation fills: a and b are the older one now
  map.set('a', 3); // a moves to the younger one
  assert.equal(map.delete('a'), true);
  assert.equal(map.get('a'), undefined);
  assert.equal(map.delete('a'), false);
  assert.equal(map.delete('b'), true);
  assert.equal(map.size, 0);
});
