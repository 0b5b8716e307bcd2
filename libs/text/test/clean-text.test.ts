import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import {
  catalogUserWords,
  cleanText,
  createEntityExtractor,
  createTextCleaner,
  createTokenizer,
  type CleanedText,
} from '../src/index.js';
import { catalog } from './fixtures.js';

let clean: (input: string | Uint8Array) => CleanedText;

beforeAll(() => {
  clean = createTextCleaner(catalog);
});

describe('cleanText: the published record', () => {
  it('normalises, masks, tokenises, extracts and detects language in one pass', () => {
    const r = clean('這款華為手機的螢幕很棒👍，黑色128GB，價格¥3,999，客服電話13812345678');
    assert.equal(r.text, '这款华为手机的屏幕很棒👍,黑色128gb,价格¥3,999,客服电话[PHONE]');
    assert.deepEqual(r.emojis, ['👍']);
    assert.equal(r.language, 'zh');
    assert.deepEqual(r.pii, [{ kind: 'phone', count: 1 }]);
    assert.deepEqual(r.flags, { truncated: false, piiMasked: true, htmlStripped: false, empty: false });
    assert.ok(r.tokens.includes('华为') && r.tokens.includes('屏幕') && r.tokens.includes('128gb'));
    assert.ok(!r.tokens.some((t) => /\d{11}|phone/i.test(t)), 'no phone digits or placeholder words in tokens');
    assert.deepEqual(
      r.entities.map((e) => [e.kind, e.normalized]),
      [
        ['brand', '华为'],
        ['category', '手机'],
        ['attribute', '黑色'],
        ['attribute', '128GB'],
        ['quantity', '128 gb'],
        ['price', '3999'],
      ],
    );
    for (const e of r.entities) assert.equal(r.text.slice(e.start, e.end), e.value);
    for (const change of ['full-width-folded', 'traditional-to-simplified', 'lower-cased', 'pii-masked']) {
      assert.ok(r.changes.includes(change), change);
    }
  });

  it('masks English addresses before lower-casing and keeps placeholders upper-case', () => {
    const r = clean('Ship to 123 Main St, Apt 4. Email: Jane@Example.com. Great Nike running shoes!');
    assert.equal(r.text, 'ship to [ADDRESS]. email: [EMAIL]. great nike running shoes!');
    assert.equal(r.language, 'en');
    assert.deepEqual(
      r.entities.map((e) => e.normalized),
      ['Nike', 'running shoes'],
    );
    assert.ok(r.tokens.includes('running shoes'));
  });

  it('gives an empty record for empty and content-free input', () => {
    for (const input of ['', '   ', '<p></p>', '\u0000\u200B']) {
      const r = clean(input);
      assert.equal(r.text, '');
      assert.deepEqual(r.tokens, []);
      assert.deepEqual(r.entities, []);
      assert.equal(r.language, 'other');
      assert.equal(r.flags.empty, true);
    }
  });

  it('works without an entity extractor', () => {
    const r = cleanText('两瓶 199元', { tokenizer: createTokenizer() });
    assert.deepEqual(r.entities, []);
    assert.deepEqual(r.tokens, ['两瓶', '199', '元']);
  });

  it('accepts explicit deps built from the catalog', () => {
    const deps = {
      tokenizer: createTokenizer({ userWords: catalogUserWords(catalog) }),
      extractor: createEntityExtractor(catalog),
    };
    assert.deepEqual(cleanText('花西子散粉', deps).tokens, ['花西子', '散粉']);
  });
});

describe('cleanText: adversarial input', () => {
  it('caps a 1 MB review fast and flags it', () => {
    const huge = '物流很快，质量不错，客服13812345678。'.repeat(45_000);
    assert.ok(huge.length > 1_000_000);
    const started = process.hrtime.bigint();
    const r = clean(huge);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(r.flags.truncated, true);
    assert.ok(r.text.length <= 2000);
    assert.ok(!/1[3-9]\d{9}/.test(r.text), 'every phone in the kept part is masked');
    assert.ok(elapsedMs < 2000, `took ${elapsedMs} ms`);
  });

  it('masks PII that straddles the length cap instead of leaking part of it', () => {
    const maxLength = 40;
    for (let pad = 20; pad < 45; pad++) {
      const text = `${'好'.repeat(pad)} 身份证11010519491231002X 电话13812345678 邮箱zhang.san@example.com`;
      const r = cleanText(text, { tokenizer: createTokenizer(), normalize: { maxLength } });
      assert.ok(r.text.length <= maxLength, `pad ${pad}`);
      assert.ok(!/\d{4}|zhang|example/.test(r.text), `pad ${pad}: ${r.text}`);
      assert.ok(!/\[[A-Z]*$/.test(r.text), `pad ${pad}: half a placeholder in ${r.text}`);
      assert.equal(r.flags.truncated, true);
    }
  });

  it('survives invalid UTF-8 bytes and lone surrogates', () => {
    const bytes = new Uint8Array([...Buffer.from('耳机'), 0xc0, 0xaf, 0xed, 0xa0, 0x80, ...Buffer.from('音质好')]);
    assert.equal(clean(bytes).text, '耳机音质好');
    const r = clean('耳机\uDC00音质\uD800好');
    assert.equal(r.text, '耳机音质好');
    assert.ok(r.tokens.includes('耳机'));
  });

  it('treats nested JSON as text and still masks what is inside', () => {
    const r = clean('{"review":{"text":"手机很好","contact":{"phone":"13912345678","email":"a.b@qq.com"}},"rating":5}');
    assert.equal(r.text, '{"review":{"text":"手机很好","contact":{"phone":"[PHONE]","email":"[EMAIL]"}},"rating":5}');
    assert.deepEqual(r.pii.map((p) => p.kind).sort(), ['email', 'phone']);
    assert.ok(r.tokens.includes('review') && r.tokens.includes('手机'));
  });

  it('treats SQL injection as text', () => {
    const r = clean("好评'; DROP TABLE reviews; -- OR 1=1");
    assert.equal(r.text, "好评'; drop table reviews; -- or 1=1");
    assert.ok(r.tokens.includes('drop') && r.tokens.includes('reviews'));
  });

  it('strips HTML and script payloads without executing anything', () => {
    let executed = false;
    (globalThis as Record<string, unknown>)['__pwned'] = () => {
      executed = true;
    };
    const r = clean(
      '<div onclick="__pwned()">质量<b>很好</b></div><script>__pwned()</script><img src=x onerror=__pwned()>${__pwned()}',
    );
    assert.equal(executed, false);
    assert.equal(r.text, '质量很好 ${__pwned()}');
    assert.equal(r.flags.htmlStripped, true);
    delete (globalThis as Record<string, unknown>)['__pwned'];
  });

  it('does not mangle prices, quantities, dates and models while masking', () => {
    const r = clean('iPhone 15 Pro 256GB 到手价¥7,999，2024-05-12下单买了2件，订单号20240512123');
    assert.equal(r.text, 'iphone 15 pro 256gb 到手价¥7,999,2024-05-12下单买了2件,订单号20240512123');
    assert.deepEqual(r.pii, []);
    assert.ok(r.entities.some((e) => e.kind === 'price' && e.amount === 7999));
    assert.ok(r.entities.some((e) => e.kind === 'quantity' && e.amount === 2 && e.unit === '件'));
  });

  it('keeps emoji-only text as emoji with no tokens', () => {
    const r = clean('👍👍👍😡');
    assert.deepEqual(r.emojis, ['👍', '👍', '👍', '😡']);
    assert.deepEqual(r.tokens, []);
    assert.equal(r.language, 'other');
  });
});
