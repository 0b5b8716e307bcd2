import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { buildPriceIndex, buildUserProfile, type ItemInfo, type UserProfile } from '@demand/segments';
import { StoredUserProfiles } from '../src/domain/stored-user-profiles.js';

const DAY = 86_400_000;
const catalog = new Map<string, ItemInfo>([
  ['lipstick', { itemId: 'lipstick', categoryPath: ['beauty', 'lips'], brand: 'rouge', price: 12, vector: [0.5, -0] }],
  ['dress', { itemId: 'dress', categoryPath: ['fashion', 'dresses'], brand: 'atelier', price: 80, vector: [-0.25, 1] }],
]);
const prices = buildPriceIndex(catalog.values());
const profileOf = (userId: string, events: Parameters<typeof buildUserProfile>[1]): UserProfile =>
  buildUserProfile(userId, events, (id) => catalog.get(id), prices, { asOf: 30 * DAY, halfLifeDays: 30 });

/**
 * Where two trees differ: key order, keys present (undefined values too) and leaves by `Object.is`
 * (so -0, NaN and Infinity count). Deserialized objects come from the host realm, not the test's
 * (so `deepStrictEqual` would fail on their prototypes alone).
 */
function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Object.is(a, b) ? [] : [`${at}: ${String(a)} ≠ ${String(b)}`];
  }
  const [keysA, keysB] = [Object.keys(a), Object.keys(b)];
  if (keysA.join() !== keysB.join()) return [`${at}: keys ${keysA.join()} ≠ ${keysB.join()}`];
  return keysA.flatMap((k) => differences((a as never)[k], (b as never)[k], `${at}.${k}`));
}

test('a stored profile reads back exactly: values, undefined fields, Infinity and the records key order', () => {
  const buyer = profileOf('u1', [
    { itemId: 'dress', kind: 'view', at: 2 * DAY },
    { itemId: 'lipstick', kind: 'view', at: 3 * DAY },
    { itemId: 'lipstick', kind: 'purchase', at: 4 * DAY, quantity: 2, unitPrice: 12, orderId: 'o1', sessionId: 's1' },
  ]);
  const browser = profileOf('u2', [{ itemId: 'dress', kind: 'view', at: DAY }]);
  assert.equal(browser.rfm.recencyDays, Number.POSITIVE_INFINITY, 'no purchase: infinitely long ago');
  const stored = new StoredUserProfiles();
  stored.set(buyer);
  stored.set(browser);

  for (const original of [buyer, browser]) {
    const back = stored.get(original.userId)!;
    assert.deepEqual(differences(back, original), []);
    assert.deepStrictEqual(stored.rfm(original.userId), original.rfm);
    assert.equal(stored.asOf(original.userId), original.asOf);
  }
  assert.deepEqual([...stored.ids()], ['u1', 'u2']);
  assert.deepEqual(differences([...stored.profiles()], [buyer, browser]), []);
  assert.equal(stored.delete('u1'), true);
  assert.equal(stored.has('u1'), false);
  assert.equal(stored.get('u1'), undefined);
  assert.equal(stored.size, 1);
});
