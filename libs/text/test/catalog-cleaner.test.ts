import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { createCatalogTextCleaner, createTextCleaner, createTokenizer } from '../src/index.js';
import { catalog } from './fixtures.js';

describe('createCatalogTextCleaner: a catalog that grows while the stream runs', () => {
  it('segments and extracts a brand only once it has learned it', () => {
    const cleaner = createCatalogTextCleaner();
    const text = '星河纪散粉很好用，颜色选了月光白';
    const before = cleaner.clean(text);
    assert.ok(!before.tokens.includes('星河纪'), `unknown brand is split: ${before.tokens.join('/')}`);
    assert.equal(before.entities.filter((e) => e.kind === 'brand').length, 0);

    const learned = cleaner.learn({ brands: ['星河纪'], categories: ['散粉'], attributeValues: { 颜色: ['月光白'] } });
    assert.equal(learned, 3);
    assert.equal(cleaner.learn({ brands: ['星河纪'] }), 0, 'known words are not counted again');

    const after = cleaner.clean(text);
    assert.ok(after.tokens.includes('星河纪') && after.tokens.includes('月光白'), after.tokens.join('/'));
    assert.deepEqual(
      after.entities.map((e) => [e.kind, e.normalized, e.attribute]),
      [
        ['brand', '星河纪', undefined],
        ['category', '散粉', undefined],
        ['attribute', '月光白', '颜色'],
      ],
    );
  });

  it('learns Latin phrases too, and gives the same result as a cleaner built with the whole catalog', () => {
    const grown = createCatalogTextCleaner();
    grown.learn({ brands: catalog.brands });
    grown.learn({ categories: catalog.categories, attributeValues: catalog.attributeValues });
    const built = createTextCleaner(catalog);
    for (const text of ['SK-II精华液 50ml 黑色', 'Nike running shoes 42码, Space Gray', '花西子散粉 和 三只松鼠坚果']) {
      assert.deepEqual(grown.clean(text), built(text), text);
    }
  });

  it('does not teach the shared jieba instance other tokenizers use', () => {
    const cleaner = createCatalogTextCleaner();
    cleaner.learn({ brands: ['云朵朵'] });
    assert.ok(cleaner.clean('云朵朵面霜').tokens.includes('云朵朵'));
    assert.ok(!createTokenizer().tokenize('云朵朵面霜').includes('云朵朵'));
  });

  it('refuses to grow a tokenizer that was not made growable', () => {
    const fixed = createTokenizer() as ReturnType<typeof createTokenizer> & { addUserWords?: (w: string[]) => number };
    assert.throws(() => fixed.addUserWords?.(['词']), /growable/);
  });
});
