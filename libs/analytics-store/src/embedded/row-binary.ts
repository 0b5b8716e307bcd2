/**
 * Positional rows as ClickHouse RowBinary, written straight into one growing buffer: no text per
 * value for JavaScript to build and no text for the engine to parse (VERSIONS.md, "chdb inserts":
 * RowBinary is the cheapest format per row). Values are taken as JSONCompactEachRow takes them
 * from the same rows: numbers for numeric columns, milliseconds since the epoch (or an ISO 8601
 * text with its zone, or a Date) for DateTime64(3), arrays for arrays. Anything else (a number
 * as text, a time without a zone, a value out of range) makes `encodeRowBinary` give up, and
 * the caller sends the rows as text, where the engine reads them as it always did.
 */
import { DEFAULT_SLICE_MS, EventLoopSlices } from '@demand/event-loop-slices';

/** The bytes of one insert; grows by doubling. */
export class RowBinaryBuffer {
  bytes = Buffer.allocUnsafe(1 << 16);
  length = 0;

  reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + more) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  varUInt(n: number): void {
    this.reserve(10);
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.bytes[this.length++] = n;
  }

  string(text: string): void {
    const n = text.length;
    // Short ASCII (ids, kinds, currencies): byte by byte, no call into the engine's UTF-8 encoder.
    if (n < 128) {
      this.reserve(n + 1);
      const bytes = this.bytes;
      const start = this.length;
      let i = 0;
      for (; i < n; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) break;
        bytes[start + 1 + i] = code;
      }
      if (i === n) {
        bytes[start] = n;
        this.length = start + 1 + n;
        return;
      }
    }
    const size = Buffer.byteLength(text, 'utf8');
    this.varUInt(size);
    this.reserve(size);
    this.length += this.bytes.write(text, this.length, size, 'utf8');
  }
}

/** Writes one value of a column; false (with `out` partly written) when it cannot. */
export type ValueWriter = (out: RowBinaryBuffer, value: unknown) => boolean;

function unsigned(bytes: 1 | 2 | 4): ValueWriter {
  const max = 2 ** (8 * bytes);
  return (out, value) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= max) return false;
    out.reserve(bytes);
    out.length = out.bytes.writeUIntLE(value, out.length, bytes);
    return true;
  };
}

function signed(bytes: 1 | 2 | 4): ValueWriter {
  const half = 2 ** (8 * bytes - 1);
  return (out, value) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -half || value >= half) return false;
    out.reserve(bytes);
    out.length = out.bytes.writeIntLE(value, out.length, bytes);
    return true;
  };
}

function integer64(isSigned: boolean): ValueWriter {
  return (out, value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || (!isSigned && value < 0)) return false;
    out.reserve(8);
    out.length = isSigned
      ? out.bytes.writeBigInt64LE(BigInt(value), out.length)
      : out.bytes.writeBigUInt64LE(BigInt(value), out.length);
    return true;
  };
}

function float(bytes: 4 | 8): ValueWriter {
  return (out, value) => {
    if (typeof value !== 'number') return false;
    out.reserve(bytes);
    out.length = bytes === 8 ? out.bytes.writeDoubleLE(value, out.length) : out.bytes.writeFloatLE(value, out.length);
    return true;
  };
}

const writeString: ValueWriter = (out, value) => {
  if (typeof value !== 'string') return false;
  out.string(value);
  return true;
};

/** ISO 8601 with a zone (what `toISOString` writes): read the same by Date.parse and by the engine. */
const ZONED_ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;

/** DateTime64(3): milliseconds since the epoch as Int64. */
const writeDateTime64Millis: ValueWriter = (out, value) => {
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && ZONED_ISO_TIME.test(value)
        ? Date.parse(value)
        : value instanceof Date
          ? value.getTime()
          : Number.NaN;
  if (!Number.isSafeInteger(ms)) return false;
  out.reserve(8);
  // Two 32-bit halves: no BigInt per value.
  const low = ms % 2 ** 32;
  const high = Math.floor(ms / 2 ** 32);
  out.bytes.writeUInt32LE(low < 0 ? low + 2 ** 32 : low, out.length);
  out.bytes.writeInt32LE(high, out.length + 4);
  out.length += 8;
  return true;
};

function array(element: ValueWriter): ValueWriter {
  return (out, value) => {
    if (!Array.isArray(value)) return false;
    out.varUInt(value.length);
    for (const item of value) if (!element(out, item)) return false;
    return true;
  };
}

const SCALARS: Record<string, ValueWriter> = {
  String: writeString,
  UInt8: unsigned(1),
  UInt16: unsigned(2),
  UInt32: unsigned(4),
  UInt64: integer64(false),
  Int8: signed(1),
  Int16: signed(2),
  Int32: signed(4),
  Int64: integer64(true),
  Float32: float(4),
  Float64: float(8),
};

/**
 * The writer for a column type, or undefined when RowBinary is not offered for it (the caller
 * then sends the rows as text). LowCardinality changes storage, not the RowBinary form.
 */
export function rowBinaryWriter(type: string): ValueWriter | undefined {
  const scalar = SCALARS[type];
  if (scalar) return scalar;
  const wrapped = /^(LowCardinality|Array)\((.*)\)$/.exec(type);
  if (wrapped) {
    const inner = rowBinaryWriter(wrapped[2]!);
    if (!inner) return undefined;
    return wrapped[1] === 'Array' ? array(inner) : inner;
  }
  if (/^DateTime64\(3(, *'[^']*')?\)$/.test(type)) return writeDateTime64Millis;
  return undefined;
}

/** `rows` (values in `writers`' order) as one RowBinary buffer; undefined if a value does not fit. */
export function encodeRowBinary(
  rows: readonly (readonly unknown[])[],
  writers: readonly ValueWriter[],
): Buffer | undefined {
  const out = new RowBinaryBuffer();
  return writeRows(out, rows, 0, rows.length, writers) ? out.bytes.subarray(0, out.length) : undefined;
}

/** Rows written between two looks at the clock: a few tens of microseconds of work. */
const ROWS_BETWEEN_CLOCK_READS = 32;

/**
 * As `encodeRowBinary`, about `sliceMs` of work at a time, yielding to the event loop (after its I/O) between
 * slices: a batch of thousands of rows (tens of milliseconds) would otherwise hold up everything else the thread
 * serves meanwhile, and yielding after a fixed few rows would make a batch wait behind the other work many times.
 * `sliceMs` defaults to the aggregator's refresh slices' (`DEFAULT_SLICE_MS`, libs/event-loop-slices). `now`: the
 * clock slices are timed by, ms (tests pass a fake one). `rows` must not change until the promise settles.
 */
export async function encodeRowBinaryInSlices(
  rows: readonly (readonly unknown[])[],
  writers: readonly ValueWriter[],
  sliceMs = DEFAULT_SLICE_MS,
  now: () => number = () => performance.now(),
): Promise<Buffer | undefined> {
  return new EventLoopSlices(sliceMs, now).run(rowBinarySteps(rows, writers));
}

/** `encodeRowBinary` as steps of ROWS_BETWEEN_CLOCK_READS rows (no yield after the last step). */
function* rowBinarySteps(
  rows: readonly (readonly unknown[])[],
  writers: readonly ValueWriter[],
): Generator<void, Buffer | undefined> {
  const out = new RowBinaryBuffer();
  for (let from = 0; from < rows.length; from += ROWS_BETWEEN_CLOCK_READS) {
    const to = Math.min(rows.length, from + ROWS_BETWEEN_CLOCK_READS);
    if (!writeRows(out, rows, from, to, writers)) return undefined;
    if (to < rows.length) yield;
  }
  return out.bytes.subarray(0, out.length);
}

/** Rows [from, to) into `out`; false when a value does not fit its column's writer. */
function writeRows(
  out: RowBinaryBuffer,
  rows: readonly (readonly unknown[])[],
  from: number,
  to: number,
  writers: readonly ValueWriter[],
): boolean {
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    for (let c = 0; c < writers.length; c++) if (!writers[c]!(out, row[c])) return false;
  }
  return true;
}
