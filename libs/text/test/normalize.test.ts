import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { normalizeText } from '../src/index.js';

describe('normalizeText: width, script and case', () => {
  it('folds full-width ASCII to half-width and keeps CJK punctuation', () => {
    const r = normalizeText('ＡｐｐＬｅ　ｉＰｈｏｎｅ１５，１２８ＧＢ！￥１，２９９。「好评」《说明书》');
    assert.equal(r.text, 'apple iphone15,128gb!¥1,299。「好评」《说明书》');
    assert.ok(r.changes.includes('full-width-folded'));
    assert.ok(r.changes.includes('lower-cased'));
  });

  it('converts Taiwan and Hong Kong traditional Chinese to simplified', () => {
    assert.equal(normalizeText('這款手機的螢幕很清楚，電池續航也不錯').text, '这款手机的屏幕很清楚,电池续航也不错');
    assert.equal(normalizeText('滑鼠和隨身碟都是在香港買的，衞生紙也有').text, '鼠标和u盘都是在香港买的,卫生纸也有');
    assert.ok(normalizeText('質素好').changes.includes('traditional-to-simplified'));
  });

  it('converts mixed text where only a few characters are traditional', () => {
    assert.equal(normalizeText('为什么这么贵，質量一般').text, '为什么这么贵,质量一般');
  });

  it('leaves simplified Chinese and English unchanged apart from case', () => {
    const r = normalizeText('这个手机壳质量很好，推荐购买');
    assert.equal(r.text, '这个手机壳质量很好,推荐购买');
    assert.ok(!r.changes.includes('traditional-to-simplified'));
  });

  it('can keep case and traditional script when asked', () => {
    const r = normalizeText('iPhone 很棒 這款', { lowerCase: false, toSimplified: false });
    assert.equal(r.text, 'iPhone 很棒 這款');
  });

  it('collapses every kind of whitespace and trims', () => {
    const r = normalizeText('  很好\t\t用\n\n\r\n推荐\u00A0\u3000 购买  ');
    assert.equal(r.text, '很好 用 推荐 购买');
    assert.ok(r.changes.includes('whitespace-collapsed'));
  });
});

describe('normalizeText: emoji', () => {
  it('keeps emoji in the text and lists them in order with repeats', () => {
    const r = normalizeText('质量超好👍👍，物流也快😂 ❤️');
    assert.equal(r.text, '质量超好👍👍,物流也快😂 ❤️');
    assert.deepEqual(r.emojis, ['👍', '👍', '😂', '❤️']);
  });

  it('treats ZWJ sequences, skin tones, flags and keycaps as single emoji', () => {
    const r = normalizeText('一家人都爱用👨‍👩‍👧 👍🏽 🇨🇳 1️⃣');
    assert.deepEqual(r.emojis, ['👨‍👩‍👧', '👍🏽', '🇨🇳', '1️⃣']);
  });

  it('counts text-style symbols reviewers use as emoji', () => {
    assert.deepEqual(normalizeText('评分★★★★☆ ❤ ☺').emojis, ['★', '★', '★', '★', '☆', '❤', '☺']);
  });

  it('does not treat ©, ® or digits as emoji unless written in emoji style', () => {
    assert.deepEqual(normalizeText('Apple® iPhone© 2024').emojis, []);
    assert.deepEqual(normalizeText('©\uFE0F 🏳️‍🌈 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ❤️‍🔥').emojis, ['©\uFE0F', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️‍🔥']);
  });
});

describe('normalizeText: invalid and invisible characters', () => {
  it('removes lone surrogates left by broken UTF-16', () => {
    const r = normalizeText('好\uD83D评\uDE00价');
    assert.equal(r.text, '好评价');
    assert.ok(r.changes.includes('lone-surrogates-removed'));
  });

  it('decodes bytes with invalid UTF-8 and drops the replacement characters', () => {
    const bytes = new Uint8Array([...Buffer.from('质量'), 0xff, 0xfe, 0xc3, ...Buffer.from('很好'), 0xe4, 0xbd]);
    const r = normalizeText(bytes);
    assert.equal(r.text, '质量很好');
    assert.ok(r.changes.includes('replacement-chars-removed'));
  });

  it('strips control characters, zero-width spaces and bidi overrides', () => {
    const r = normalizeText('a\u0000b\u0007c\u200Bd\u202Eevil\u202C\uFEFF\u0085e');
    assert.equal(r.text, 'abcdevile');
    assert.ok(r.changes.includes('control-chars-removed'));
    assert.ok(r.changes.includes('invisible-chars-removed'));
  });

  it('keeps the zero-width joiner inside emoji but drops a stray one', () => {
    assert.equal(normalizeText('好\u200D评👩‍💻').text, '好评👩‍💻');
  });
});

describe('normalizeText: HTML', () => {
  it('strips tags without joining Chinese words split by inline tags', () => {
    const r = normalizeText('<p>这款<b>耳机</b>音质<span style="color:red">不错</span></p><br/>推荐');
    assert.equal(r.text, '这款耳机音质不错 推荐');
    assert.ok(r.changes.includes('html-tags-stripped'));
  });

  it('removes script and style blocks with their content and event-handler attributes', () => {
    const r = normalizeText('好评<script>alert("xss")</script><style>p{}</style><img src=x onerror="alert(1)">!');
    assert.equal(r.text, '好评 !');
  });

  it('decodes named and numeric entities, and strips markup hidden in entities', () => {
    assert.equal(
      normalizeText('买一送一 &amp; 包邮 &yen;99 &#x1F600; &#20320;&#22909;').text,
      '买一送一 & 包邮 ¥99 😀 你好',
    );
    assert.equal(normalizeText('&lt;script&gt;alert(1)&lt;/script&gt;还行').text, '还行');
  });

  it('drops numeric entities that would smuggle in control characters or surrogates', () => {
    assert.equal(normalizeText('a&#0;b&#xD800;c&#x110000;d&#27;e').text, 'abcde');
  });

  it('keeps a < that does not open a tag', () => {
    assert.equal(normalizeText('价格<200的耳机, a < b, 1<2 and 3>2').text, '价格<200的耳机, a < b, 1<2 and 3>2');
  });
});

describe('normalizeText: length cap', () => {
  it('caps at 2000 code units by default and says so', () => {
    const r = normalizeText('好'.repeat(5000));
    assert.equal(r.text.length, 2000);
    assert.equal(r.truncated, true);
    assert.ok(r.changes.includes('truncated'));
  });

  it('honours a configured cap and never splits a surrogate pair', () => {
    const r = normalizeText('ab😀cd', { maxLength: 3 });
    assert.equal(r.text, 'ab');
    assert.equal(r.truncated, true);
  });

  it('caps a 1 MB input quickly by cutting the raw input first', () => {
    const huge = '这个手机很好用，电池耐用。<b>推荐</b> '.repeat(50_000);
    assert.ok(huge.length > 1_000_000);
    const started = process.hrtime.bigint();
    const r = normalizeText(huge);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(r.truncated, true);
    assert.ok(r.text.length <= 2000 && r.text.length > 1900);
    assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms`);
  });

  it('caps a huge byte buffer without decoding all of it', () => {
    const r = normalizeText(Buffer.from('很好'.repeat(400_000)));
    assert.equal(r.truncated, true);
    assert.equal(r.text.length, 2000);
  });

  it('does not flag short text as truncated', () => {
    const r = normalizeText('很好');
    assert.equal(r.truncated, false);
    assert.deepEqual(r.changes, []);
  });
});

describe('normalizeText: empty and odd input', () => {
  it('returns empty results for empty, whitespace-only and markup-only input', () => {
    for (const input of ['', '   \n\t ', '<div></div><br>', '\u200B\uFEFF']) {
      const r = normalizeText(input);
      assert.equal(r.text, '', JSON.stringify(input));
      assert.deepEqual(r.emojis, []);
      assert.equal(r.truncated, false);
    }
  });

  it('treats non-string input defensively', () => {
    assert.equal(normalizeText(undefined as unknown as string).text, '');
    assert.equal(normalizeText(new Uint8Array()).text, '');
  });
});
