import { BinaryWriter } from '@bufbuild/protobuf/wire';

/** Longest string written here: an ASCII one's length prefix is one byte, and its UTF-8 is at most 381 bytes. */
const MAX_SHORT_STRING = 127;
/** BinaryWriter writes ASCII strings up to this long straight into its buffer, faster than a copy. */
const LIBRARY_SHORTCUT = 32;
/** A short non-ASCII string's UTF-8 bytes: a UTF-16 unit is at most three. */
const encoded = new Uint8Array(3 * MAX_SHORT_STRING);
/** One array per byte length, reused: a short string's bytes are gathered here, then copied into the writer. */
const bytesOfLength = Array.from({ length: encoded.length + 1 }, (_, length) => new Uint8Array(length));

/**
 * A BinaryWriter whose `string()` writes strings of 33 to 127 UTF-16 units without a `subarray`
 * view of its buffer and an `encodeInto` call into it each, which @bufbuild/protobuf takes for
 * every string over its 32-character ASCII shortcut (33-character pseudonyms, UUID-style ids,
 * reasons quoting a title in “…”): ASCII is copied unit by unit in one pass, anything else encoded
 * into one kept array; either is then copied in. The bytes are BinaryWriter's for every string;
 * shorter and longer strings take its path (for short ASCII the library's is the faster one).
 */
export class AsciiFastWriter extends BinaryWriter {
  override string(value: string): this {
    if (typeof value !== 'string' || value.length <= LIBRARY_SHORTCUT || value.length > MAX_SHORT_STRING)
      return super.string(value);
    const length = value.length;
    const bytes = bytesOfLength[length]!;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) return this.utf8(value);
      bytes[i] = code;
    }
    return this.uint32(length).raw(bytes);
  }

  /** UTF-8 as TextEncoder writes it (a lone surrogate as U+FFFD), by hand: `encodeInto` returns an object a call. */
  private utf8(value: string): this {
    let written = 0;
    for (let i = 0; i < value.length; i++) {
      let code = value.charCodeAt(i);
      if (code < 0x80) {
        encoded[written++] = code;
      } else if (code < 0x800) {
        encoded[written++] = 0xc0 | (code >> 6);
        encoded[written++] = 0x80 | (code & 0x3f);
      } else {
        if (code >= 0xd800 && code <= 0xdfff) {
          const low = code <= 0xdbff ? value.charCodeAt(i + 1) : Number.NaN;
          if (!(low >= 0xdc00 && low <= 0xdfff)) code = 0xfffd;
          else {
            const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            encoded[written++] = 0xf0 | (point >> 18);
            encoded[written++] = 0x80 | ((point >> 12) & 0x3f);
            encoded[written++] = 0x80 | ((point >> 6) & 0x3f);
            encoded[written++] = 0x80 | (point & 0x3f);
            i++;
            continue;
          }
        }
        encoded[written++] = 0xe0 | (code >> 12);
        encoded[written++] = 0x80 | ((code >> 6) & 0x3f);
        encoded[written++] = 0x80 | (code & 0x3f);
      }
    }
    const bytes = bytesOfLength[written]!;
    for (let i = 0; i < written; i++) bytes[i] = encoded[i]!;
    return this.uint32(written).raw(bytes);
  }
}
