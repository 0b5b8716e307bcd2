import 'reflect-metadata';
import { jest, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Client, credentials } from '@grpc/grpc-js';
import { FeaturesService, GetUserProfileRequest, UserProfile } from '@demand/contracts';
import { ProfileService } from '../src/domain/profile-service.js';
import type { ProfileCache } from '../src/domain/profiles.js';
import { FeaturesGrpcController } from '../src/grpc/features.controller.js';
import { HAND_RUN_REFRESHES } from './event-row-fixture.js';
import { startFeaturesServer } from './features-server-fixture.js';
import { NOW, profiles } from './profile-cache-fixture.js';

const PATH = FeaturesService.getUserProfile.path;

async function served(client: Client, userId: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      PATH,
      (r: GetUserProfileRequest) => Buffer.from(GetUserProfileRequest.encode(r).finish()),
      (b: Buffer) => b,
      { userId },
      (error, answer) => (error || !answer ? reject(error ?? new Error('no answer')) : resolve(answer)),
    ),
  );
}

const freshEncode = (cache: ProfileCache, userId: string) =>
  Buffer.from(UserProfile.encode(cache.userProfile(userId)).finish());

/** u1's four purchases an hour apart, all of `itemId` at the same price: only the category differs between items. */
const purchasesOf = (itemId: string) =>
  [0, 1, 2, 3].map((d) => ({
    userId: 'u1',
    kind: 'purchase' as const,
    itemId,
    at: NOW - d * 3_600_000,
    orderId: `o${d}`,
  }));

test('GetUserProfile at the transport: the cached encode, renewed by each announced refresh, recorded', async () => {
  const cache = profiles();
  const touched = {
    items: [{ itemId: 'a', categoryPath: ['x'], brand: 'A', price: 10 }],
    events: purchasesOf('a'),
    userIds: new Set(['u1']),
    itemIds: new Set<string>(),
  };
  const announced: Buffer[] = [];
  // Answered by the transport, the Nest-routed method is never called. The spy carries the method's metadata
  // (@GrpcMethod), so Nest still finds it and would route the calls to it.
  const declared = FeaturesGrpcController.prototype.getUserProfile;
  const routedByNest = jest.spyOn(FeaturesGrpcController.prototype, 'getUserProfile');
  for (const key of Reflect.getMetadataKeys(declared)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, declared), FeaturesGrpcController.prototype.getUserProfile);
  }
  const server = await startFeaturesServer(cache);
  const client = new Client(server.address, credentials.createInsecure());
  const service = new ProfileService(
    {
      cache,
      source: {
        readAll: () => {
          throw new Error('no full refresh here');
        },
        readCatalog: async () => touched.items,
        readTouched: async () => touched,
      },
      segment: () => Promise.reject(new Error('no segments here')),
      // Where the service publishes features.updated.v1: a reader told of the change must be served the new bytes.
      onUpdated: async ({ users }) => {
        for (const userId of users) announced.push(await served(client, userId));
      },
      now: () => NOW,
    },
    HAND_RUN_REFRESHES,
  );
  try {
    for (let u = 0; u < 30; u++) assert.deepEqual(await served(client, `u${u}`), freshEncode(cache, `u${u}`), `u${u}`);
    const before = await served(client, 'u1');
    const untouched = await served(client, 'u2');

    service.touch(['u1'], []);
    await service.refreshTouched();

    assert.equal(announced.length, 1);
    assert.deepEqual(announced[0], freshEncode(cache, 'u1'));
    assert.notDeepEqual(announced[0], before, 'the purchases changed the profile');
    assert.equal(UserProfile.decode(announced[0]!).frequency, 4);
    assert.deepEqual(await served(client, 'u2'), untouched);
    assert.deepEqual(await served(client, 'u2'), freshEncode(cache, 'u2'));

    // The same purchases of an item in another category: R, F and M (and so the scores) stay, the bytes must not.
    const scored = UserProfile.decode(announced[0]!);
    touched.items = [{ itemId: 'c', categoryPath: ['y'], brand: 'A', price: 10 }];
    touched.events = purchasesOf('c');
    service.touch(['u1'], []);
    await service.refreshTouched();

    assert.equal(announced.length, 2);
    const rescored = UserProfile.decode(announced[1]!);
    assert.deepEqual(
      [rescored.rScore, rescored.fScore, rescored.mScore],
      [scored.rScore, scored.fScore, scored.mScore],
      'R, F and M unchanged',
    );
    assert.deepEqual(announced[1], freshEncode(cache, 'u1'));
    assert.equal(rescored.topCategories[0]?.name, 'y');

    const metrics = await server.registry.getSingleMetricAsString('grpc_server_handled_total');
    const okReads = metrics.match(/grpc_server_handled_total\{[^}]*GetUserProfile[^}]*OK[^}]*\} (\d+)/);
    assert.equal(Number(okReads?.[1]), 36, metrics);
    assert.equal(routedByNest.mock.calls.length, 0, 'GetUserProfile went through Nest, not answered at the transport');
  } finally {
    routedByNest.mockRestore();
    client.close();
    await server.close();
  }
});
