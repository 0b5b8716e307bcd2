import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { preprocess } from '../src/domain/preprocess.js';
import { review, rules, search, sharedState, now, dialogTurn } from './support.js';

test('huge strings: over the limit goes to the DLQ, at the limit is cleaned whole and quickly', () => {
  const state = sharedState();
  const over = review('over', '很好'.repeat(5001));
  const atLimit = review('at', `${'质量很好，'.repeat(1995)}电话13812345678`);
  const started = performance.now();
  const result = preprocess([over, atLimit], rules, state, now);
  const ms = performance.now() - started;
  assert.match(result.rejected[0]!.reason, /^event\.review\.text: must be at most 10000 characters \(got 10002\)$/);
  const text = result.texts[0]!;
  assert.ok(text.maskedText.endsWith('电话[PHONE]'), 'PII at the very end is still masked');
  assert.ok(!text.flags.includes('truncated'));
  assert.ok(ms < 1500, `took ${ms.toFixed(0)} ms`);
  const longQuery = search('q', 'x'.repeat(513));
  assert.match(
    preprocess([longQuery], rules, state, now).rejected[0]!.reason,
    /search\.query: must be at most 512 characters/,
  );
});

test('invalid UTF-8 on the wire decodes to replacement characters, which are removed', () => {
  const encoded = Event.encode(review('utf8', 'PLACEHOLDER')).finish();
  const marker = Buffer.from('PLACEHOLDER');
  const at = Buffer.from(encoded).indexOf(marker);
  // As long as the marker: "好" (3 bytes), 0xff 0xfe (never valid UTF-8), a lone continuation byte, a cut 3-byte sequence, "差" (3 bytes).
  const bad = Buffer.concat([Buffer.from('好'), Buffer.from([0xff, 0xfe, 0x80, 0xe4, 0xbd]), Buffer.from('差')]);
  assert.equal(bad.length, marker.length - 0);
  const bytes = Buffer.from(encoded);
  bad.copy(bytes, at);
  const decoded = Event.decode(bytes);
  const result = preprocess([decoded], rules, sharedState(), now);
  const text = result.texts[0]!.maskedText;
  assert.ok(!/[\uFFFD\uD800-\uDFFF]/.test(text), JSON.stringify(text));
  assert.ok(text.startsWith('好') && text.endsWith('差'), JSON.stringify(text));
});

test('lone surrogates and control characters sent over gRPC are removed', () => {
  const result = preprocess([review('s', 'ok\uD800 fine\u0007\u202E reversed')], rules, sharedState(), now);
  assert.equal(result.texts[0]!.maskedText, 'ok fine reversed');
});

test('nested JSON in a text stays text, with the PII inside it masked', () => {
  const json = JSON.stringify({
    review: { text: '好评', contact: { phone: '13912345678', email: 'li.na@163.com' } },
    rating: 5,
  });
  const result = preprocess([review('json', json)], rules, sharedState(), now);
  const text = result.texts[0]!.maskedText;
  assert.ok(text.includes('"phone":"[PHONE]"') && text.includes('"email":"[EMAIL]"'), text);
  assert.ok(text.startsWith('{"review":{"text":"好评"'), text);
});

test('SQL in a text is kept as inert text; HTML is stripped and flagged', () => {
  const result = preprocess(
    [
      review('sql', "质量不错'; DROP TABLE events; --"),
      dialogTurn('html', '<script>alert("xss")</script><b>什么时候发货</b><img src=x onerror=alert(1)>'),
    ],
    rules,
    sharedState(),
    now,
  );
  assert.equal(result.texts[0]!.maskedText, "质量不错'; DROP TABLE events; --");
  assert.deepEqual(result.clean[0]!.flags, []);
  assert.equal(result.texts[1]!.maskedText, '什么时候发货');
  assert.deepEqual(result.clean[1]!.flags, ['html_stripped']);
});
