import { BinaryWriter } from '@bufbuild/protobuf/wire';

/** Longest string whose length prefix is one byte: the fast path's limit. */
const MAX_SHORT_STRING = 127;
/** BinaryWriter writes strings up to this long straight into its buffer already. */
const LIBRARY_SHORTCUT = 32;
/** One array per length, reused: a short ASCII string's bytes are gathered here, then copied into the writer. */
const asciiScratch = Array.from({ length: MAX_SHORT_STRING + 1 }, (_, length) => new Uint8Array(length));

/**
 * A BinaryWriter whose `string()` copies ASCII strings of up to 127 characters byte by byte:
 * @bufbuild/protobuf's own shortcut stops at 32 characters and each longer string costs a
 * `subarray` and an `encodeInto` call, while 33-character pseudonyms and UUID-style ids (36)
 * are just over it; shorter strings keep the library's own shortcut. The bytes are BinaryWriter's
 * for every string; other strings take its path.
 */
export class AsciiFastWriter extends BinaryWriter {
  override string(value: string): this {
    if (typeof value !== 'string' || value.length <= LIBRARY_SHORTCUT || value.length > MAX_SHORT_STRING) {
      return super.string(value);
    }
    const length = value.length;
    const bytes = asciiScratch[length]!;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) return super.string(value);
      bytes[i] = code;
    }
    return this.uint32(length).raw(bytes);
  }
}
