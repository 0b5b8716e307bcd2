import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BinaryWriter } from '@demand/contracts';
import { AnswerWriter } from '../src/domain/answer-writer.js';

const lengths = [0, 1, 32, 33, 126, 127, 128, 300];
const samples = [
  ...lengths.map((n) => 'a1-_'.repeat(80).slice(0, n)),
  ...lengths.map((n) => `${'x'.repeat(Math.max(0, n - 1))}é`),
  ...lengths.map((n) => '好'.repeat(n)), // three bytes a unit: 381 at 127
  `Because you viewed “${'t'.repeat(40)}”`,
  `${'z'.repeat(40)}😀`,
  `${'w'.repeat(40)}\ud800`, // a lone surrogate: TextEncoder's replacement character
  '\u0080'.repeat(50),
];

test('strings come out as BinaryWriter writes them, after other fields and each other, twice over', () => {
  const write = (writer: BinaryWriter) => {
    for (const [i, s] of [...samples, ...samples.toReversed()].entries())
      writer.uint32(10).string(s).uint32(16).uint32(i);
    return Buffer.from(writer.finish());
  };
  const [fast, plain] = [write(new AnswerWriter()), write(new BinaryWriter())];
  assert.equal(fast.length, plain.length);
  assert.ok(fast.equals(plain), 'same bytes');
});
