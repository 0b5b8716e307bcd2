/**
 * Each read user's answer as its wire bytes, with the RFM scores it was encoded with (packed): one object
 * a user instead of the answer's nested objects and arrays (fewer objects for every full GC to trace). An answer
 * is encoded again once its user or its scores move.
 */
export class EncodedAnswers {
  private readonly bytes = new Map<string, Buffer>();
  private readonly scores = new Map<string, number>();

  /** The user's answer when it was encoded with these scores. */
  get(userId: string, packedScores: number): Buffer | undefined {
    const cached = this.bytes.get(userId);
    return cached && this.scores.get(userId) === packedScores ? cached : undefined;
  }

  /** Keeps the answer just encoded with these scores; returns it as a Buffer (no copy). */
  set(userId: string, packedScores: number, encoded: Uint8Array): Buffer {
    const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    this.bytes.set(userId, bytes);
    this.scores.set(userId, packedScores);
    return bytes;
  }

  delete(userId: string): void {
    this.bytes.delete(userId);
    this.scores.delete(userId);
  }

  clear(): void {
    this.bytes.clear();
    this.scores.clear();
  }
}
