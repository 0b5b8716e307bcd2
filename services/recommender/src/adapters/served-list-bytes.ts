import { type AsciiFastWriter, encodeTimestamp, type RecsServed } from '@demand/contracts';
import { writeVersions, written } from '../domain/encoded-answer.js';

/**
 * A served list's recs.served.v1 value: the bytes RecsServed.encode writes (served-list-bytes.test.ts
 * compares them), written field by field into the thread's kept writer. The generated encoder, run a
 * few hundred times a batch, allocated an iterator result per id and score, the map's entries and an
 * object each, a closure: with the bus's copy gone, the records' bytes fell ≈ 1.1 KB a call (1.81 → 0.74,
 * docs/recommendations.md#issue-13-session-13-h2).
 */
export function servedListBytes(served: RecsServed): Uint8Array {
  return written((w) => writeServed(w, served));
}

function writeServed(w: AsciiFastWriter, s: RecsServed): void {
  if (s.recommendationId !== '') w.uint32(10).string(s.recommendationId);
  if (s.userId !== '') w.uint32(18).string(s.userId);
  if (s.method !== '') w.uint32(26).string(s.method);
  if (s.page !== '') w.uint32(34).string(s.page);
  if (s.currentItemId !== '') w.uint32(42).string(s.currentItemId);
  const { itemIds, scores } = s;
  for (let i = 0; i < itemIds.length; i++) w.uint32(50).string(itemIds[i]!);
  if (scores.length !== 0) {
    w.uint32(58).fork();
    for (let i = 0; i < scores.length; i++) w.double(scores[i]!);
    w.join();
  }
  if (s.coldStart) w.uint32(64).bool(true);
  if (s.arm !== '') w.uint32(74).string(s.arm);
  writeVersions(w, 82, s.modelVersions);
  if (s.servedAt !== undefined) encodeTimestamp(90, s.servedAt, w);
}
