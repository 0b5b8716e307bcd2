import { AsciiFastWriter } from '@demand/contracts';

/** Longest string the UTF-8 path takes: 127 UTF-16 units are at most 381 bytes. */
const MAX_SHORT_STRING = 127;
const utf8 = new TextEncoder();
const encoded = new Uint8Array(3 * MAX_SHORT_STRING);
/** One array per byte length, reused: a string's UTF-8 bytes are copied here, then into the writer. */
const bytesOfLength = Array.from({ length: encoded.length + 1 }, (_, length) => new Uint8Array(length));

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * AsciiFastWriter that also writes short non-ASCII strings (reasons quoting a title in “…”) without
 * a `subarray` view of its buffer each, which BinaryWriter takes for every string it cannot write
 * as ASCII: encoded into one kept array, then copied in. The bytes are BinaryWriter's.
 */
export class AnswerWriter extends AsciiFastWriter {
  override string(value: string): this {
    if (typeof value !== 'string' || value.length > MAX_SHORT_STRING || isAscii(value)) return super.string(value);
    const { written } = utf8.encodeInto(value, encoded);
    const bytes = bytesOfLength[written]!;
    for (let i = 0; i < written; i++) bytes[i] = encoded[i]!;
    return this.uint32(written).raw(bytes);
  }
}
