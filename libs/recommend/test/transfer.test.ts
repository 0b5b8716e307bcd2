import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
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
});
