import { AsciiFastWriter } from './ascii-writer.js';

/**
 * Above this an output's writer is not kept. Its buffer doubles to hold what is reserved, not what is written (a
 * string over 32 units reserves 3 bytes a unit + 5), so a buffer kept after an output under this can reach ≈ 4× it.
 */
const KEPT_WRITER_BYTES = 64 * 1024;

/**
 * One writer kept from one encoding to the next, its buffer reused (a writer per message grew a new buffer
 * several times each); `finish` copies the bytes out and resets it. After an error or a large output the next
 * encoding gets a new writer, so nothing half-written or oversized is kept.
 */
export class KeptWriter {
  private writer = new AsciiFastWriter();

  /** `keptBytes`: outputs larger than this leave a new writer behind (default 64 KiB). */
  constructor(private readonly keptBytes = KEPT_WRITER_BYTES) {}

  /** The bytes `write` put in the writer, in an array of their own. */
  written(write: (writer: AsciiFastWriter) => void): Uint8Array {
    try {
      write(this.writer);
      const bytes = this.writer.finish();
      if (bytes.length > this.keptBytes) this.writer = new AsciiFastWriter();
      return bytes;
    } catch (err) {
      this.writer = new AsciiFastWriter();
      throw err;
    }
  }
}
