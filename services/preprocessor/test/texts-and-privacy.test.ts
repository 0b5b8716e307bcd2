import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CleanEvent, CleanText, DialogRole, TextKind } from '@demand/contracts';
import { preprocess } from '../src/domain/preprocess.js';
import { PseudonymKey } from '@demand/pseudonyms';
import { dialogTurn, event, freshState, itemUpsert, now, review, rules, search, sharedState, view } from './support.js';

const PII = /1[3-9]\d{9}|@qq\.com|@gmail\.com|11010519\d{9}[\dX]|6222\d{12}|朝阳区建国路88号|123 Main St/;

function serialised(result: ReturnType<typeof preprocess>): string {
  return [
    ...result.clean.map((c) => JSON.stringify(CleanEvent.toJSON(c))),
    ...result.texts.map((t) => JSON.stringify(CleanText.toJSON(t))),
  ].join('\n');
}

test('user ids are pseudonymised with the key: stable, unlinkable without it, never in the output', () => {
  const a = preprocess([view('e1'), review('e2', '好')], rules, freshState(), now);
  const pseudonym = a.clean[0]!.event!.userId;
  assert.match(pseudonym, /^p[0-9a-f]{32}$/);
  assert.equal(a.clean[1]!.event!.userId, pseudonym);
  assert.equal(a.texts[0]!.userId, pseudonym);
  assert.ok(!serialised(a).includes('u-000042'), 'the shop user id appears nowhere');
  const otherKey = new PseudonymKey(Buffer.from('another key, also long enough for hmac', 'utf8'));
  const b = preprocess([view('e1')], rules, freshState({ key: otherKey }), now);
  assert.notEqual(b.clean[0]!.event!.userId, pseudonym, 'another key gives another pseudonym');
  assert.equal(String(otherKey), '[pseudonym key]');
  assert.equal(JSON.stringify({ otherKey }), '{"otherKey":"[pseudonym key]"}');
});

test('review: masked and normalised in the clean event and published as a text with tokens, entities and rating', () => {
  const state = freshState();
  const result = preprocess(
    [
      itemUpsert('up'),
      review('r1', '星河紀散粉很好用👍，顏色自然色，199元買的。有問題打我電話 13812345678 或發郵件 zhangwei@qq.com'),
    ],
    rules,
    state,
    now,
  );
  const clean = result.clean[1]!;
  const p = clean.event!.payload!;
  assert.ok(p.$case === 'review');
  assert.equal(p.review.text, '星河纪散粉很好用👍,颜色自然色,199元买的。有问题打我电话 [PHONE] 或发邮件 [EMAIL]');
  assert.deepEqual(clean.flags, ['pii_masked']);
  const text = result.texts.find((t) => t.textId === 'r1')!;
  assert.equal(text.kind, TextKind.TEXT_KIND_REVIEW);
  assert.equal(text.maskedText, p.review.text);
  assert.equal(text.rating, 5);
  assert.equal(text.itemId, 'i-00001');
  assert.equal(text.sourceEventId, 'r1');
  assert.equal(text.language, 'zh');
  assert.deepEqual(text.emojis, ['👍']);
  assert.deepEqual(text.flags, ['pii_masked']);
  assert.equal(text.schemaVersion, 1);
  assert.ok(text.tokens.includes('星河纪') && text.tokens.includes('散粉'), text.tokens.join('/'));
  assert.deepEqual(
    text.entities.map((e) => [e.kind, e.normalized, e.attribute]),
    [
      ['brand', '星河纪', ''],
      ['category', '散粉', ''],
      ['attribute', '自然色', '色号'],
      ['price', '199', ''],
    ],
  );
  for (const e of text.entities) assert.equal(text.maskedText.slice(e.start, e.end), e.value);
  assert.doesNotMatch(serialised(result), PII);
});

test('search query, dialog turn and item texts are published; every kind is masked', () => {
  const result = preprocess(
    [
      itemUpsert('up', { description: '客服热线 010-62345678，地址北京市朝阳区建国路88号' }),
      search('q1', '星河纪 散粉 100元以内'),
      dialogTurn('d1', '我的身份证号是 11010519491231002X，退款打到 6222021234567894 这张卡'),
      dialogTurn('d2', '好的，已为您登记', DialogRole.DIALOG_ROLE_AGENT),
    ],
    rules,
    freshState(),
    now,
  );
  const byId = new Map(result.texts.map((t) => [t.textId, t]));
  assert.deepEqual([...byId.keys()], ['item:i-00001', 'q1', 'd1', 'd2']);
  const item = byId.get('item:i-00001')!;
  assert.equal(item.kind, TextKind.TEXT_KIND_ITEM);
  assert.equal(item.maskedText, '星河纪 轻薄散粉 自然色\n客服热线 [PHONE],地址[ADDRESS]');
  assert.equal(item.userId, '');
  for (const e of item.entities) assert.equal(item.maskedText.slice(e.start, e.end), e.value);
  const query = byId.get('q1')!;
  assert.equal(query.kind, TextKind.TEXT_KIND_QUERY);
  assert.ok(
    query.entities.some((e) => e.kind === 'price' && e.normalized === '<=100'),
    JSON.stringify(query.entities),
  );
  const turn = byId.get('d1')!;
  assert.equal(turn.kind, TextKind.TEXT_KIND_DIALOG_TURN);
  assert.equal(turn.conversationId, 'c-1');
  assert.equal(turn.role, DialogRole.DIALOG_ROLE_CUSTOMER);
  assert.equal(turn.maskedText, '我的身份证号是 [ID],退款打到 [CARD] 这张卡');
  assert.equal(byId.get('d2')!.role, DialogRole.DIALOG_ROLE_AGENT);
  const upsert = result.clean[0]!.event!.payload!;
  assert.ok(upsert.$case === 'itemUpsert');
  assert.equal(upsert.itemUpsert.description, '客服热线 [PHONE],地址[ADDRESS]');
  assert.doesNotMatch(serialised(result), /62345678|建国路88号|11010519491231002X|6222021234567894/);
});

test('English texts: tokens, address and phone masked, case kept in the published text', () => {
  const result = preprocess(
    [review('en', 'Great powder! Ship to 123 Main St, Apt 4, call (415) 555-0100. Worth $25.')],
    rules,
    sharedState(),
    now,
  );
  const text = result.texts[0]!;
  assert.equal(text.language, 'en');
  assert.equal(text.maskedText, 'Great powder! Ship to [ADDRESS], call [PHONE]. Worth $25.');
  assert.ok(text.tokens.includes('great') && text.tokens.includes('powder'));
  assert.ok(
    text.entities.some((e) => e.kind === 'price' && e.normalized === '25'),
    JSON.stringify(text.entities),
  );
});

test('malformed text: a query or dialog turn that cleans to nothing goes to the DLQ; a review keeps its rating, flagged text_empty', () => {
  const result = preprocess(
    [search('q', '<script></script>'), dialogTurn('d', '\u0000\u200B'), review('r', '<p></p>', 2)],
    rules,
    sharedState(),
    now,
  );
  assert.deepEqual(result.rejected, [
    {
      index: 0,
      reason: 'event.search.query: nothing is left after cleaning (only markup, control characters or whitespace)',
    },
    {
      index: 1,
      reason: 'event.dialog_turn.text: nothing is left after cleaning (only markup, control characters or whitespace)',
    },
  ]);
  assert.deepEqual(
    result.clean.map((c) => c.flags),
    [['html_stripped', 'text_empty']],
  );
  assert.equal(result.texts.length, 0);
  const p = result.clean[0]!.event!.payload!;
  assert.ok(p.$case === 'review' && p.review.text === '' && p.review.rating === 2);
});

test('a review without text is kept and publishes no text', () => {
  const result = preprocess(
    [event('r', { $case: 'review', review: { itemId: 'i-00001', rating: 4, text: '', orderId: '' } })],
    rules,
    sharedState(),
    now,
  );
  assert.equal(result.clean.length, 1);
  assert.equal(result.texts.length, 0);
});
