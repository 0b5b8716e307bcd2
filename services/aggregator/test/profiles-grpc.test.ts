import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import {
  FeaturesClient,
  type GetItemProfileRequest,
  type GetUserProfileRequest,
  type ItemProfile,
  type ListSegmentsRequest,
  type SegmentList,
  UserProfile,
} from '@demand/contracts';
import { segmentUsers, type ItemEvent } from '@demand/segments';
import { ProfileCache } from '../src/domain/profiles.js';
import { startFeaturesServer } from './features-server-fixture.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function population(): ItemEvent[] {
  const events: ItemEvent[] = [];
  for (let u = 0; u < 40; u++) {
    const item = u % 2 === 0 ? 'lipstick' : 'dress';
    for (let d = 0; d < 3 + (u % 5); d++) {
      events.push({ userId: `u${u}`, kind: 'view', itemId: item, at: NOW - d * 86_400_000, sessionId: `s${u}-${d}` });
    }
    if (u % 3 === 0)
      events.push({ userId: `u${u}`, kind: 'purchase', itemId: item, at: NOW - 3_600_000, orderId: `o${u}` });
  }
  return events;
}

/** u0's whole history, read again by a refresh: two purchases now of `itemId` (price 300) in `category`. */
function twoPurchasesOfU0(itemId: string, category: string) {
  return {
    items: [{ itemId, categoryPath: [category], brand: 'B', price: 300 }],
    events: ['o-new', 'o-new2'].map((orderId) => ({
      userId: 'u0',
      kind: 'purchase' as const,
      itemId,
      at: NOW,
      orderId,
    })),
    userIds: new Set(['u0']),
  };
}

test('GetUserProfile, GetItemProfile and ListSegments over gRPC, with INVALID_ARGUMENT and NOT_FOUND', async () => {
  const cache = new ProfileCache();
  cache.apply(
    {
      items: [
        { itemId: 'lipstick', categoryPath: ['美妆'], brand: 'A', price: 100 },
        { itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 300 },
      ],
      events: population(),
    },
    NOW,
  );
  const { model, assignments } = segmentUsers({ profiles: cache.allUserProfiles(), options: { k: 2, seed: 3 } });
  cache.installSegmentation({ version: 1, fittedAt: NOW, model, assignments });

  const server = await startFeaturesServer(cache);
  const raw = new FeaturesClient(server.address, credentials.createInsecure());
  const unary =
    <Req, Res>(method: (req: Req, cb: (err: ServiceError | null, res: Res) => void) => unknown) =>
    (req: Req) =>
      new Promise<Res>((resolve, reject) => method.call(raw, req, (err, res) => (err ? reject(err) : resolve(res))));
  const client = {
    getUserProfile: unary<GetUserProfileRequest, UserProfile>(raw.getUserProfile),
    getItemProfile: unary<GetItemProfileRequest, ItemProfile>(raw.getItemProfile),
    listSegments: unary<ListSegmentsRequest, SegmentList>(raw.listSegments),
  };
  try {
    const user = await client.getUserProfile({ userId: 'u0' });
    assert.equal(user.userId, 'u0');
    assert.equal(user.topCategories[0]?.name, '美妆');
    assert.equal(user.frequency, 1);
    assert.ok(user.rScore >= 1 && user.rScore <= 5);
    assert.notEqual(user.segmentId, undefined);
    assert.ok(user.segmentDescription.length > 0);

    const item = await client.getItemProfile({ itemId: 'dress' });
    assert.equal(item.users, 20);

    const segments = await client.listSegments({ pointLimit: 5 });
    assert.equal(segments.modelVersion, 1);
    assert.equal(segments.k, 2);
    assert.equal(segments.users, 40);
    assert.equal(segments.points.length, 5);
    assert.equal(
      segments.segments.reduce((n, s) => n + s.size, 0),
      40,
    );
    assert.equal((await client.listSegments({ pointLimit: 0 })).points.length, 0);

    // Answers go out as bytes encoded once per profile; a refresh must not leave the old bytes served.
    assert.deepEqual(await client.getUserProfile({ userId: 'u0' }), user);
    cache.apply(twoPurchasesOfU0('dress', '服装'), NOW);
    const refreshed = await client.getUserProfile({ userId: 'u0' });
    assert.equal(refreshed.frequency, 2);
    assert.equal(refreshed.topCategories[0]?.name, '服装');
    // The same purchases of an item in another category: the scores stay, the served bytes must still be new.
    cache.apply(twoPurchasesOfU0('skirt', '裙装'), NOW);
    const recategorised = await client.getUserProfile({ userId: 'u0' });
    assert.deepEqual(
      [recategorised.rScore, recategorised.fScore, recategorised.mScore],
      [refreshed.rScore, refreshed.fScore, refreshed.mScore],
      'R, F and M unchanged',
    );
    assert.deepEqual(recategorised, UserProfile.decode(UserProfile.encode(cache.userProfile('u0')).finish()));
    assert.equal(recategorised.topCategories[0]?.name, '裙装');

    await assert.rejects(client.getUserProfile({ userId: '' }), { code: 3, details: /user_id/ });
    await assert.rejects(client.getItemProfile({ itemId: '' }), { code: 3, details: /item_id/ });
    await assert.rejects(client.getUserProfile({ userId: 'nobody' }), { code: 5 });
    await assert.rejects(client.getItemProfile({ itemId: 'nothing' }), { code: 5 });
    const metrics = await server.registry.getSingleMetricAsString('grpc_server_handled_total');
    const notFound = metrics
      .split('\n')
      .filter((line) => line.includes('GetUserProfile') && line.includes(`code="${status.NOT_FOUND}"`));
    assert.deepEqual(
      notFound.map((line) => line.split(' ').pop()),
      ['1'],
      metrics,
    );
  } finally {
    raw.close();
    await server.close();
  }
});
