import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const HAN = /\p{Script=Han}/u;

/**
 * The `count` most common Chinese characters, by the summed frequency of the words of jieba's
 * bundled dictionary that contain them — a general vocabulary that knows nothing of any shop.
 */
export function commonChineseCharacters(count: number): string[] {
  const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
  const weight = new Map<string, number>();
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, frequency] = line.split(' ');
    const f = Number(frequency);
    if (!word || !Number.isFinite(f)) continue;
    for (const char of word) if (HAN.test(char)) weight.set(char, (weight.get(char) ?? 0) + f);
  }
  return [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([char]) => char);
}
