import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { detectLanguage } from '../src/index.js';

describe('detectLanguage', () => {
  it('recognises Chinese, including a brand name inside a Chinese sentence', () => {
    assert.equal(detectLanguage('这款手机很好用，续航给力'), 'zh');
    assert.equal(detectLanguage('这个 iPhone 很好用，推荐购买'), 'zh');
  });

  it('recognises English, including a few Chinese characters in a long sentence', () => {
    assert.equal(detectLanguage('This phone is great, battery lasts two days'), 'en');
    assert.equal(detectLanguage('Great quality, fast shipping, would buy again from this seller 好'), 'en');
  });

  it('says mixed when neither script dominates', () => {
    assert.equal(detectLanguage('Apple iPhone 15 Pro 手机壳'), 'mixed');
    assert.equal(detectLanguage('quality 很好 but shipping 太慢'), 'mixed');
  });

  it('says other for other scripts and for text without letters', () => {
    assert.equal(detectLanguage('この商品は本当に良いです'), 'other');
    assert.equal(detectLanguage('Отличный телефон'), 'other');
    assert.equal(detectLanguage('12345 !!! 😀'), 'other');
    assert.equal(detectLanguage(''), 'other');
  });

  it('ignores PII placeholders', () => {
    assert.equal(detectLanguage('[PHONE] [EMAIL] 联系我'), 'zh');
    assert.equal(detectLanguage('[ADDRESS]'), 'other');
  });
});
