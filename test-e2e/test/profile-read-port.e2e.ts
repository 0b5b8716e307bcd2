import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { READ_SERVER, type ReadServer } from '@demand/aggregator';
import {
  Event,
  FeaturesClient,
  type PrivacyClient,
  type UserExport,
  type UserProfile,
  withApiKey,
} from '@demand/contracts';
import { unaryCall } from '../src/grpc-call.js';
import { adminPrivacyClient } from '../src/privacy-admin.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

let p: TestPlatform;
let privacy: PrivacyClient;
let reads: FeaturesClient;
let anonymous: FeaturesClient;
beforeAll(async () => {
  p = await startTestPlatform({ AGGREGATOR_READ_GRPC_PORT: '0' });
  privacy = await adminPrivacyClient(p);
  const readServer = p.platform.services.get('aggregator')!.app.get<ReadServer>(READ_SERVER, { strict: false });
  const address = `127.0.0.1:${readServer.port}`;
  reads = new FeaturesClient(address, credentials.createInsecure(), withApiKey(p.platform.apiKey));
  anonymous = new FeaturesClient(address, credentials.createInsecure());
}, 120_000);
afterAll(async () => {
  for (const client of [privacy, reads, anonymous]) client?.close();
  await p?.stop();
});

const profileOf = (client: FeaturesClient, userId: string) =>
  unaryCall<UserProfile>((m, o, cb) => client.getUserProfile({ userId }, m, o, cb));
const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => assert.fail('expected the call to fail'),
    (e: ServiceError) => e.code,
  );

test('the read port answers a profile with an API key as the main port does, NOT_FOUND for an unknown user, and no longer a forgotten user once ForgetUser returns', async () => {
  const base = { userId: 'read-port-user', sessionId: 's-read-port' };
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
  const events = [
    Event.fromPartial({
      ...base,
      eventId: 'read-port-1',
      occurredAt: at(0),
      payload: { $case: 'view', view: { itemId: 'i-read-port' } },
    }),
    Event.fromPartial({
      ...base,
      eventId: 'read-port-2',
      occurredAt: at(1),
      payload: { $case: 'addToCart', addToCart: { itemId: 'i-read-port', quantity: 1 } },
    }),
  ];
  await unaryCall((m, o, cb) => p.collector.trackBatch({ events }, m, o, cb));
  await p.drain();
  // Profiles are kept under the stored (pseudonymous) id; the export finds it by the shop's id.
  const exported = await unaryCall<UserExport>((m, o, cb) =>
    privacy.exportUser({ userId: 'read-port-user' }, m, o, cb),
  );
  const rows = exported.tables.find((t) => t.table === 'clean_events')?.rowsJson.map((r) => JSON.parse(r)) ?? [];
  const storedId = rows[0]?.user_id as string;
  assert.match(storedId, /^p[0-9a-f]{32}$/);
  // The touched refresh profiles the user, then posts its answer to the read server's worker.
  const deadline = Date.now() + 60_000;
  let read: UserProfile | undefined;
  while (!read) {
    read = await profileOf(reads, storedId).catch((e: ServiceError) => {
      if (e.code !== status.NOT_FOUND || Date.now() > deadline) throw e;
      return undefined;
    });
    if (!read) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(read.userId, storedId);
  assert.deepEqual(read, await profileOf(p.features, storedId), 'the main port answers the same');
  assert.equal(await codeOf(profileOf(reads, 'nobody-here')), status.NOT_FOUND);
  assert.equal(await codeOf(profileOf(anonymous, storedId)), status.UNAUTHENTICATED);

  await unaryCall((m, o, cb) => privacy.forgetUser({ userId: 'read-port-user' }, m, o, cb));
  assert.equal(await codeOf(profileOf(reads, storedId)), status.NOT_FOUND);
});
