import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { AsciiFastWriter, BinaryWriter, CleanEvent, CleanEventBatch, Event, Topics } from '../src/index.js';

const lengths = [0, 1, 31, 32, 33, 64, 126, 127, 128, 300];
const samples = [
  ...lengths.map((n) => 'a1-_'.repeat(80).slice(0, n)),
  ...lengths.map((n) => `${'x'.repeat(Math.max(0, n - 1))}é`), // two bytes
  ...lengths.map((n) => '好'.repeat(n)), // three bytes a unit: 381 at 127
  `好${'y'.repeat(40)}`,
  `Because you viewed “${'t'.repeat(40)}”`,
  '“a”',
  `${'z'.repeat(40)}😀`, // four bytes
  '😀'.repeat(63),
  `${'w'.repeat(40)}\ud800`, // a lone surrogate: TextEncoder's replacement character
  '\udc00',
  '\u007f'.repeat(50),
  '\u0080'.repeat(50),
];

test('strings come out as BinaryWriter writes them, after other fields and each other, twice over', () => {
  const write = (writer: BinaryWriter) => {
    for (const [i, s] of [...samples, ...samples.toReversed()].entries())
      writer.uint32(10).string(s).uint32(16).uint32(i);
    return Buffer.from(writer.finish());
  };
  const [fast, plain] = [write(new AsciiFastWriter()), write(new BinaryWriter())];
  assert.equal(fast.length, plain.length);
  assert.ok(fast.equals(plain), 'same bytes');
});

test('the clean topic batched form encodes the bytes of CleanEventBatch.encode', () => {
  const clean = samples.map((s, i) =>
    CleanEvent.fromPartial({
      event: Event.fromPartial({
        eventId: `ev-${i}-${s}`,
        userId: `p${'0123456789abcdef'.repeat(2)}`,
        sessionId: s,
        occurredAt: new Date(Date.UTC(2026, 10, 3, 8, i)),
        payload: { $case: 'review', review: { itemId: `i-${i}`, rating: 4, text: s } },
      }),
      flags: ['late', s],
      schemaVersion: 2,
    }),
  );
  const encoded = Buffer.from(Topics.eventsClean.batched!.encode(clean));
  const plain = Buffer.from(CleanEventBatch.encode({ events: clean }).finish());
  assert.equal(encoded.length, plain.length);
  assert.ok(encoded.equals(plain), 'same bytes');
  assert.equal(Topics.eventsClean.batched!.decode(encoded).length, clean.length);
});

test('random strings of every length around the fast path come out as BinaryWriter writes them', () => {
  const units = [
    'a',
    '~',
    '\u007f',
    '\u0080',
    'é',
    '\u07ff',
    '\u0800',
    '“',
    '好',
    '\uffff',
    '😀',
    '\ud800',
    '\udbff',
    '\udc00',
  ];
  let seed = 7;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const strings = Array.from({ length: 20_000 }, (_, i) => {
    const ascii = i % 3 === 0 ? 0.99 : 0.6; // mostly ASCII with a stray unit, or mixed throughout
    const length = 20 + (i % 120);
    return Array.from({ length }, () => (next() < ascii ? 'q' : units[Math.floor(next() * units.length)])).join('');
  });
  const fast = new AsciiFastWriter();
  const library = new BinaryWriter();
  strings.forEach((s, i) => {
    const bytes = Buffer.from(fast.string(s).uint32(8).finish());
    assert.ok(bytes.equals(library.string(s).uint32(8).finish()), `string ${i}: ${JSON.stringify(s)}`);
  });
  // and one after another in one message
  for (const s of strings) [fast, library].forEach((writer) => writer.string(s).uint32(8));
  assert.ok(Buffer.from(fast.finish()).equals(library.finish()), 'same bytes, all in one message');
});
