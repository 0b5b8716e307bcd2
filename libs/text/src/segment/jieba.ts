import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

/**
 * jieba with its bundled 5 MB dictionary. Building an instance costs ≈250 ms, so instances
 * without user words are shared; an instance with user words is private to its tokenizer
 * because jieba's `loadDict` changes the instance in place.
 */

const require = createRequire(import.meta.url);
// A word at this frequency beats any split of itself and still loses to a longer dictionary
// word around it ("小米" stays one token, "小米粥" stays porridge).
const USER_WORD_FREQUENCY = 20_000;

let bundledDictionary: Uint8Array | undefined;
let sharedInstance: Jieba | undefined;

function loadBundledDictionary(): Uint8Array {
  bundledDictionary ??= (require('@node-rs/jieba/dict.js') as { dict: Uint8Array }).dict;
  return bundledDictionary;
}

/** `private` gives an instance of its own even without user words (words are added later). */
export function createJieba(userWords: readonly string[], options: { private?: boolean } = {}): Jieba {
  if (userWords.length === 0 && !options.private) {
    sharedInstance ??= Jieba.withDict(loadBundledDictionary());
    return sharedInstance;
  }
  const jieba = Jieba.withDict(loadBundledDictionary());
  addJiebaWords(jieba, userWords);
  return jieba;
}

/** Adds user words to an instance in place (well under a millisecond for hundreds of words). */
export function addJiebaWords(jieba: Jieba, words: readonly string[]): void {
  if (words.length === 0) return;
  const lines = words.map((word) => `${word} ${USER_WORD_FREQUENCY} nz`).join('\n');
  jieba.loadDict(Buffer.from(lines, 'utf8'));
}
