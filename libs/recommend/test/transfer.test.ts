import assert from 'node:assert/strict';
import { isMarkedAsUntransferable, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, it } from '@jest/globals';
import {
  HybridRecommender,
  type PackedRecommenders,
  packRecommenders,
  RankFusion,
  trainHybrid,
  transferablesOf,
  unpackRecommenders,
} from '../src/index.js';
import { catalog, DAY, NOW, twoGroups } from './fixtures.js';

/** Every transferable array buffer reachable from `value`, each array element looked at on its own. */
function buffersIn(value: unknown, found = new Set<ArrayBuffer>(), seen = new Set<object>()): Set<ArrayBuffer> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return found;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !isMarkedAsUntransferable(value.buffer)) found.add(value.buffer);
  } else if (value instanceof Map) for (const [k, v] of value) buffersIn(v, buffersIn(k, found, seen), seen);
  else
    for (const v of value instanceof Set || Array.isArray(value) ? value : Object.values(value))
      buffersIn(v, found, seen);
  return found;
}

describe('packRecommenders / unpackRecommenders', () => {
  it('bring trained recommenders through a structured clone (a worker message) unchanged in what they serve', () => {
    const history = [...twoGroups(80, 40, 20).map((e) => ({ ...e, at: e.at - 10 * DAY })), ...twoGroups(80, 40, 10, 9)];
    const { recommender } = trainHybrid(catalog(40), history, NOW, { labelDays: 14, als: { factors: 8 } });
    const fusion = new HybridRecommender(recommender.data, recommender.sources, new RankFusion(), 40);
    // Through a message port as from a worker (Jest's own structuredClone does not keep shared references).
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(packRecommenders([recommender, fusion]));
    const packed = receiveMessageOnPort(port2)!.message as PackedRecommenders;
    port1.close();
    const [learned, fused] = unpackRecommenders(packed);
    assert.ok(learned instanceof HybridRecommender && fused);
    assert.equal(learned.data, fused.data);
    for (const user of [0, 5, 60, -1]) {
      const request = { context: { user, now: NOW, ...(user < 0 ? { recentItems: [3] } : {}) }, count: 8 };
      assert.deepEqual(learned.recommend(request), recommender.recommend(request));
      assert.deepEqual(fused.recommend(request), fusion.recommend(request));
    }
    assert.deepEqual(learned.similarItems(2, 5), recommender.similarItems(2, 5));
    assert.equal(learned.ranker.name, recommender.ranker.name);
  });

  it("move the trained arrays with the transfer list: the sender's are detached, the receiver serves the same", () => {
    const history = [...twoGroups(80, 40, 20).map((e) => ({ ...e, at: e.at - 10 * DAY })), ...twoGroups(80, 40, 10, 9)];
    const { recommender } = trainHybrid(catalog(40), history, NOW, { labelDays: 14, als: { factors: 8 } });
    const requests = [0, 5, 60, -1].map((user) => ({
      context: { user, now: NOW, ...(user < 0 ? { recentItems: [3] } : {}) },
      count: 8,
    }));
    const served = requests.map((request) => recommender.recommend(request));
    const similar = recommender.similarItems(2, 5);
    const sent = packRecommenders([recommender]);
    const moved = transferablesOf(sent, 0);
    assert.ok(moved.length > 0);
    const reachable = buffersIn(sent);
    assert.ok(reachable.size > 0);
    for (const buffer of reachable) assert.ok(moved.includes(buffer), `a ${buffer.byteLength}-byte buffer left out`);
    assert.ok(transferablesOf(sent).length < moved.length, 'buffers under 64 KiB are copied by default');
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(sent, moved);
    const [received] = unpackRecommenders(receiveMessageOnPort(port2)!.message as PackedRecommenders);
    port1.close();
    assert.ok(moved.every((buffer) => buffer.detached));
    assert.equal(recommender.data.eventItem.length, 0);
    assert.deepEqual(
      requests.map((request) => received!.recommend(request)),
      served,
    );
    assert.deepEqual(received!.similarItems(2, 5), similar);
  });

  it('finds a buffer behind an array whose first element is not an object', () => {
    const column = new Float32Array(4);
    const packed = { lists: [0, undefined, [1, { column }]] } as unknown as PackedRecommenders;
    assert.deepEqual(transferablesOf(packed, 0), [column.buffer]);
  });
});
