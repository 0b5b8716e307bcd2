import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createCatalogTextCleaner, type CatalogTextCleaner, type CleanedText } from '@demand/text';
import { MemoizedTextCleaner, type CleanedTextParts } from '../src/domain/text-memo.js';

const options = { normalize: { lowerCase: false, maxLength: 10_000 } };

/** A cleaner that counts the texts it really cleans. */
function counted(cleaner: CatalogTextCleaner): CatalogTextCleaner & { cleaned: string[] } {
  const cleaned: string[] = [];
  return {
    cleaned,
    clean: (input) => {
      cleaned.push(String(input));
      return cleaner.clean(input);
    },
    learn: (terms) => cleaner.learn(terms),
  };
}

function parts(cleaned: CleanedText | CleanedTextParts) {
  const { text, tokens, entities, language, emojis, flags } = cleaned;
  return { text, tokens, entities, language, emojis, flags };
}

test('remembered answers are the cleaner own, also across a dictionary change', () => {
  const plain = createCatalogTextCleaner({}, options);
  const memo = new MemoizedTextCleaner(createCatalogTextCleaner({}, options));
  const queries = [
    'Lumora 手机 199元',
    '打电话 13812345678',
    'lumora phone',
    'Lumora 手机 199元',
    '<b>Lumora</b> 耳机',
  ];
  for (const query of queries) assert.deepEqual(parts(memo.clean(query)), parts(plain.clean(query)), query);

  const before = memo.clean('Lumora 手机 199元').entities.filter((e) => e.kind === 'brand');
  assert.deepEqual(before, [], 'the brand is not known yet');
  plain.learn({ brands: ['Lumora'] });
  memo.learn({ brands: ['Lumora'] });
  for (const query of queries) assert.deepEqual(parts(memo.clean(query)), parts(plain.clean(query)), query);
  assert.equal(
    memo.clean('Lumora 手机 199元').entities.filter((e) => e.kind === 'brand').length,
    1,
    'a text remembered before the brand was learned is cleaned again with it',
  );
});

test('each distinct text is cleaned once while remembered; long texts every time; at most `entries` kept', () => {
  const inner = counted(createCatalogTextCleaner({}, options));
  const memo = new MemoizedTextCleaner(inner, { entries: 4, maxInputLength: 20, maxAnswerParts: 40 });
  for (const query of ['a', 'b', 'a', 'a', 'b']) memo.clean(query);
  assert.deepEqual(inner.cleaned, ['a', 'b']);

  const long = 'a review that is longer than twenty characters';
  memo.clean(long);
  memo.clean(long);
  assert.deepEqual(inner.cleaned.slice(2), [long, long]);

  inner.cleaned.length = 0;
  for (const query of ['c', 'd', 'e', 'f', 'g', 'h']) memo.clean(query);
  memo.clean('h');
  assert.deepEqual(inner.cleaned, ['c', 'd', 'e', 'f', 'g', 'h'], 'the newest text is still remembered');
  memo.clean('a');
  assert.deepEqual(inner.cleaned, ['c', 'd', 'e', 'f', 'g', 'h', 'a'], 'the oldest texts were forgotten');
});

test('an answer with more tokens, entities and emojis than maxAnswerParts is cleaned every time', () => {
  const inner = counted(createCatalogTextCleaner({}, options));
  const memo = new MemoizedTextCleaner(inner, { entries: 4, maxInputLength: 200, maxAnswerParts: 6 });
  const small = 'lumora 手机';
  const large = '1元 2元 3元 4元 5元 6元 7元';
  assert.ok(memo.clean(large).tokens.length > 6);
  for (const query of [small, large, small, large]) memo.clean(query);
  assert.deepEqual(inner.cleaned, [large, small, large, large]);
});

test('a text in which personal data was masked is cleaned every time, never remembered', () => {
  const inner = counted(createCatalogTextCleaner({}, options));
  const memo = new MemoizedTextCleaner(inner);
  const dialog = 'call me at 13812345678 about the 手机';
  const first = memo.clean(dialog);
  assert.equal(first.flags.piiMasked, true);
  assert.match(first.text, /\[PHONE\]/);
  assert.deepEqual(parts(memo.clean(dialog)), parts(first));
  assert.deepEqual(inner.cleaned, [dialog, dialog]);
});

test('the memory is emptied before the cleaner learns, so a learn that throws part-way leaves no stale answer', () => {
  const inner = counted(createCatalogTextCleaner({}, options));
  const failing: CatalogTextCleaner = {
    clean: inner.clean,
    learn: (terms) => {
      inner.learn(terms);
      throw new Error('the dictionary failed part-way');
    },
  };
  const memo = new MemoizedTextCleaner(failing);
  memo.clean('Lumora 手机');
  assert.throws(() => memo.learn({ brands: ['Lumora'] }), /part-way/);
  const again = memo.clean('Lumora 手机');
  assert.deepEqual(inner.cleaned, ['Lumora 手机', 'Lumora 手机']);
  assert.equal(again.entities.filter((e) => e.kind === 'brand').length, 1, 'cleaned with what was learned');
});

test('a remembered answer holds no PII findings and cannot be changed by the events that share it', () => {
  const cleaner = createCatalogTextCleaner({}, options);
  cleaner.learn({ brands: ['Lumora'] });
  const memo = new MemoizedTextCleaner(cleaner);
  const query = 'Lumora 手机 😀';
  const answer = memo.clean(query);
  assert.equal('pii' in answer, false);
  assert.ok(answer.entities.length > 0 && answer.emojis.length > 0, 'the query has an entity and an emoji');
  assert.throws(() => (answer.tokens as string[]).push('x'), TypeError);
  assert.throws(() => (answer.emojis as string[]).push('x'), TypeError);
  assert.throws(() => {
    (answer.entities[0] as { value: string }).value = 'x';
  }, TypeError);
  assert.throws(() => {
    (answer.flags as { empty: boolean }).empty = true;
  }, TypeError);
  assert.equal(memo.clean(query), answer);
});
