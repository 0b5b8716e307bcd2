import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { parseCurrencyTable, toBaseCurrency } from '../src/domain/currency.js';
import { PseudonymKey, Pseudonymizer, PSEUDONYM_PATTERN } from '@demand/pseudonyms';

const keyText = 'k'.repeat(40);

test('a pseudonym is p + the first 128 bits of HMAC-SHA256(key, user id)', () => {
  const pseudonyms = new Pseudonymizer(new PseudonymKey(Buffer.from(keyText)));
  const expected = `p${createHmac('sha256', keyText).update('u-000001').digest('hex').slice(0, 32)}`;
  assert.equal(pseudonyms.pseudonymOf('u-000001'), expected);
  assert.equal(pseudonyms.pseudonymOf('u-000001'), expected, 'cached answer is the same');
  assert.match(expected, PSEUDONYM_PATTERN);
  assert.notEqual(pseudonyms.pseudonymOf('u-000002'), expected);
  assert.equal(pseudonyms.pseudonymOf(''), '');
});

test('the cache is bounded and evicting does not change answers', () => {
  const pseudonyms = new Pseudonymizer(new PseudonymKey(Buffer.from(keyText)), 2);
  const first = pseudonyms.pseudonymOf('a');
  pseudonyms.pseudonymOf('b');
  pseudonyms.pseudonymOf('c');
  assert.equal(pseudonyms.pseudonymOf('a'), first);
});

test('a full cache forgets its oldest answers, not all of them', () => {
  let computed = 0;
  const key = new (class extends PseudonymKey {
    override hmac(value: string): Buffer {
      computed++;
      return super.hmac(value);
    }
  })(Buffer.from(keyText));
  const pseudonyms = new Pseudonymizer(key, 4);
  for (const id of ['a', 'b', 'c', 'd', 'e']) pseudonyms.pseudonymOf(id);
  assert.equal(computed, 5);
  pseudonyms.pseudonymOf('d');
  assert.equal(computed, 5, 'd, asked for lately, is still cached');
  pseudonyms.pseudonymOf('a');
  assert.equal(computed, 6, 'a, the oldest, was forgotten');
});

test('the key is never printed and must be long enough', () => {
  const key = new PseudonymKey(Buffer.from(keyText));
  assert.ok(!inspect({ key }).includes(keyText));
  assert.ok(!JSON.stringify({ key }).includes(keyText));
  assert.ok(!`${key}`.includes(keyText));
  assert.throws(() => new PseudonymKey(Buffer.from('short')), /at least 32 bytes \(got 5\)/);
});

test('currency: base passes, known codes convert and round to cents, unknown codes are a problem', () => {
  const parsed = parseCurrencyTable('CNY', 'USD=7.1, JPY=0.047,EUR=7.7');
  assert.ok('table' in parsed);
  const { table } = parsed;
  assert.deepEqual(toBaseCurrency(19.99, 'CNY', table), { ok: true, amount: 19.99, converted: false });
  assert.deepEqual(toBaseCurrency(19.99, '', table), { ok: true, amount: 19.99, converted: false });
  assert.deepEqual(toBaseCurrency(19.99, 'USD', table), { ok: true, amount: 141.93, converted: true });
  assert.deepEqual(toBaseCurrency(333, 'JPY', table), { ok: true, amount: 15.65, converted: true });
  const unknown = toBaseCurrency(1, 'GBP', table);
  assert.ok(
    !unknown.ok && /no exchange rate to CNY configured \(got "GBP"; known: CNY, USD, JPY, EUR\)/.test(unknown.problem),
  );
});

test('currency table: every bad entry is listed', () => {
  const parsed = parseCurrencyTable('CNY', 'USD=7.1,EUR=-1,GBP,USD=7.2,CNY=2,JPY=abc');
  assert.ok('problems' in parsed);
  assert.equal(parsed.problems.length, 5, parsed.problems.join('\n'));
  assert.ok('problems' in parseCurrencyTable('rmb', ''));
  assert.ok('table' in parseCurrencyTable('CNY', 'CNY=1'));
});
