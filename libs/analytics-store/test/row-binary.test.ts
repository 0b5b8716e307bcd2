import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import {
  encodeRowBinary,
  encodeRowBinaryInSlices,
  rowBinaryWriter,
  type ValueWriter,
} from '../src/embedded/row-binary.js';

function writersOf(types: string[]): ValueWriter[] {
  return types.map((type) => {
    const writer = rowBinaryWriter(type);
    assert.ok(writer, type);
    return writer;
  });
}

function encoded(types: string[], rows: unknown[][]): Buffer | undefined {
  return encodeRowBinary(rows, writersOf(types));
}

function encode(types: string[], rows: unknown[][]): number[] {
  const bytes = encoded(types, rows);
  assert.ok(bytes);
  return [...bytes];
}

test('strings carry a LEB128 length, short ASCII and multi-byte UTF-8 alike', () => {
  assert.deepEqual(encode(['String'], [['ab'], ['']]), [2, 0x61, 0x62, 0]);
  assert.deepEqual(encode(['LowCardinality(String)'], [['é']]), [2, 0xc3, 0xa9]);
  const long = encode(['String'], [['x'.repeat(300)]]);
  assert.deepEqual(long.slice(0, 2), [0xac, 0x02]); // 300 = 0b10_0101100
  assert.equal(long.length, 302);
  const wide = encode(['String'], [['长'.repeat(50)]]); // 150 bytes: the short path must give way
  assert.deepEqual(wide.slice(0, 2), [0x96, 0x01]);
  assert.equal(wide.length, 152);
});

test('numbers are little-endian at their width; DateTime64(3) is Int64 milliseconds', () => {
  assert.deepEqual(encode(['UInt8', 'UInt16', 'UInt32'], [[255, 258, 1]]), [255, 2, 1, 1, 0, 0, 0]);
  assert.deepEqual(encode(['Int32'], [[-2]]), [0xfe, 0xff, 0xff, 0xff]);
  assert.deepEqual(encode(['Float64'], [[1]]), [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  assert.deepEqual(encode(["DateTime64(3, 'UTC')"], [[2 ** 32 + 5]]), [5, 0, 0, 0, 1, 0, 0, 0]);
  assert.deepEqual(encode(['DateTime64(3)'], [[-1]]), [255, 255, 255, 255, 255, 255, 255, 255]);
  assert.deepEqual(
    encode(['DateTime64(3)'], [['1970-01-01T00:00:00.258Z']]),
    encode(['DateTime64(3)'], [[new Date(258)]]),
  );
});

test('arrays carry their length, then each element', () => {
  assert.deepEqual(encode(['Array(LowCardinality(String))'], [[['a', 'b']], [[]]]), [2, 1, 0x61, 1, 0x62, 0]);
  assert.deepEqual(encode(['Array(Array(UInt8))'], [[[[1], []]]]), [2, 1, 1, 0]);
});

test('a value not taken as such gives up the whole encoding (the caller sends text)', () => {
  const refused = (type: string, value: unknown) =>
    assert.equal(encoded(['String', type], [['ok', value]]), undefined, `${type} ${String(value)}`);
  refused('UInt8', 256);
  refused('UInt32', -1);
  refused('UInt32', 1.5);
  refused('UInt32', '7');
  refused('Int8', 128);
  refused('String', 5);
  refused('Float64', '1');
  refused('DateTime64(3)', 'not a time');
  refused('DateTime64(3)', '2026-11-01 10:00:00');
  refused('DateTime64(3)', '2026-11-01T10:00:00');
  refused('DateTime64(3)', 1.5);
  refused('Array(String)', 'a');
  refused('Array(UInt8)', [1, 300]);
  refused('UInt64', 2 ** 53);
  assert.ok(encoded(['DateTime64(3)'], [['2026-11-01T10:00:00+08:00']]));
});

test('types without a RowBinary writer here are left to the text path', () => {
  for (const type of ['Map(String, String)', 'Nullable(String)', 'Decimal(10, 2)', 'DateTime64(6)', 'Date', 'UUID'])
    assert.equal(rowBinaryWriter(type), undefined, type);
});

/** A writer of the first column that counts the rows written; `clock` reads as `msPerRow` for each. */
function countingRows(writers: readonly ValueWriter[], msPerRow: number) {
  const counter = { written: 0, clock: () => counter.written * msPerRow };
  const counting: ValueWriter[] = [(out, value) => (counter.written++, writers[0]!(out, value)), ...writers.slice(1)];
  return { counter, counting };
}

/** The rows written when the work queued before the encode ran (undefined: the encode never yielded). */
async function writtenAtFirstYield(rows: unknown[][], msPerRow: number) {
  const writers = writersOf(['String', 'Array(Float32)', "DateTime64(3, 'UTC')"]);
  const { counter, counting } = countingRows(writers, msPerRow);
  let writtenAtNextTurn: number | undefined;
  setImmediate(() => {
    writtenAtNextTurn = counter.written;
  });
  const inSlices = await encodeRowBinaryInSlices(rows, counting, 3, counter.clock);
  assert.deepEqual(inSlices, encodeRowBinary(rows, writers));
  return writtenAtNextTurn;
}

const served = (n: number) => Array.from({ length: n }, (_, r) => [`user-${r}`, [r, r / 2], r * 1000]);

test('an encode yields once its 3 ms slice has passed (the clock read every 32 rows), not after 100 rows', async () => {
  assert.equal(await writtenAtFirstYield(served(1000), 0.01), 320); // 300 rows make 3 ms; the next look is at 320
  assert.equal(await writtenAtFirstYield(served(1000), 0), undefined); // no time passed: one slice
  assert.equal(await writtenAtFirstYield(served(320), 0.01), undefined); // the slice ends with the last row
});

test('two encodes at once, differently shaped, each get their own bytes', async () => {
  const writers = writersOf(['UInt32', 'String']);
  const rows = Array.from({ length: 500 }, (_, r) => [r, `item-${r}`]);
  let ms = 0;
  const clock = () => ms++; // every look at the clock ends a slice: the two interleave
  const [a, b] = await Promise.all([
    encodeRowBinaryInSlices(served(700), writersOf(['String', 'Array(Float32)', "DateTime64(3, 'UTC')"]), 1, clock),
    encodeRowBinaryInSlices(rows, writers, 1, clock),
  ]);
  assert.deepEqual(a, encoded(['String', 'Array(Float32)', "DateTime64(3, 'UTC')"], served(700)));
  assert.deepEqual(b, encodeRowBinary(rows, writers));
});

test('a value that does not fit, early or late in the batch, gives up; a slice must be 0 ms or more', async () => {
  const writers = writersOf(['String', 'Array(Float32)', "DateTime64(3, 'UTC')"]);
  let ms = 0;
  const clock = () => ms++;
  const rows = served(150);
  for (const at of [0, 5, 149]) {
    const bad = rows.map((row, r) => (r === at ? ['bad', ['not a number'], 0] : row));
    assert.equal(await encodeRowBinaryInSlices(bad, writers, 1, clock), undefined, `bad row ${at}`);
  }
  for (const sliceMs of [-1, Number.NaN, Number.POSITIVE_INFINITY])
    await assert.rejects(encodeRowBinaryInSlices(rows, writers, sliceMs), RangeError, `${sliceMs}`);
  assert.deepEqual(await encodeRowBinaryInSlices(rows, writers, 0, clock), encodeRowBinary(rows, writers));
});
