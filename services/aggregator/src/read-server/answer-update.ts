/**
 * Changed answers (demand.v1.UserProfile wire bytes) and removed users, as the main thread posts them to the read
 * server's worker: the answers' bytes in one ArrayBuffer, handed over (transferred) rather than copied per answer.
 */
export interface AnswerUpdate {
  ids: string[];
  /** Answer i is bytes [ends[i - 1] ?? 0, ends[i]). */
  ends: Int32Array;
  bytes: ArrayBuffer;
  removed: string[];
}

export function packAnswers(changed: readonly (readonly [string, Uint8Array])[], removed: string[]): AnswerUpdate {
  const ends = new Int32Array(changed.length);
  let total = 0;
  changed.forEach(([, answer], i) => {
    total += answer.byteLength;
    ends[i] = total;
  });
  const bytes = new ArrayBuffer(total);
  const view = new Uint8Array(bytes);
  changed.forEach(([, answer], i) => view.set(answer, i === 0 ? 0 : ends[i - 1]!));
  return { ids: changed.map(([id]) => id), ends, bytes, removed };
}

/** The worker's copy of every answer: what it serves from. */
export class AnswerBook {
  private readonly answers = new Map<string, Buffer>();

  get size(): number {
    return this.answers.size;
  }

  get(userId: string): Buffer | undefined {
    return this.answers.get(userId);
  }

  /**
   * Removals, then the changed answers, each copied out of the update's buffer into one of its own: an answer kept
   * for long must not keep the whole update's buffer alive.
   */
  apply({ ids, ends, bytes, removed }: AnswerUpdate): void {
    for (const id of removed) this.answers.delete(id);
    ids.forEach((id, i) => {
      const start = i === 0 ? 0 : ends[i - 1]!;
      this.answers.set(id, Buffer.from(new Uint8Array(bytes, start, ends[i]! - start)));
    });
  }
}
