import assert from 'node:assert/strict';
import type { RecsServed, SimilarItemsResponse } from '@demand/contracts';

/** Asserts the whole record a SimilarItems answer logged: no user and no arm, the detail page, its items and scores. */
export function assertSimilarServed(
  record: RecsServed | undefined,
  answer: { itemId: string; response: SimilarItemsResponse; coldStart: boolean; servedAt: Date },
): void {
  assert.deepEqual(record, {
    recommendationId: answer.response.recommendationId,
    userId: '',
    method: 'similar_items',
    page: 'detail',
    currentItemId: answer.itemId,
    itemIds: answer.response.items.map((i) => i.itemId),
    scores: answer.response.items.map((i) => i.score),
    coldStart: answer.coldStart,
    arm: '',
    modelVersions: answer.response.modelVersions,
    servedAt: answer.servedAt,
  });
}
