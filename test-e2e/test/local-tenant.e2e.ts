import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import path from 'node:path';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { FeaturesClient, type ItemStats, withApiKey } from '@demand/contracts';
import { unaryCall } from '../src/grpc-call.js';
import { restartStreamEvents } from '../src/restart-stream.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

// Local mode run for a named shop (TENANT_ID=shop-a): every service of the process serves shop-a.
const EVENTS = 30;
const ITEMS = 3;
let p: TestPlatform;

beforeAll(async () => {
  // Local mode keeps its keys in its own file whatever the environment says (the demo key is issued there).
  p = await startTestPlatform({ TENANT_ID: 'shop-a', GRPC_API_KEYS_STORE: 'clickhouse' });
}, 120_000);
afterAll(async () => p?.stop());

function itemStats(features: FeaturesClient, itemId: string): Promise<ItemStats> {
  return unaryCall<ItemStats>((m, o, cb) => features.getItemStats({ itemId, fromDay: '', toDay: '' }, m, o, cb));
}

test("local mode for shop-a: its demo key tracks into shop-a's topics and store and reads it back; a default key is refused", async () => {
  assert.equal(p.platform.tenant.tenant, 'shop-a');
  const events = restartStreamEvents(EVENTS, ITEMS, 'local-tenant');
  const answer = await unaryCall<{ accepted: number }>((m, o, cb) => p.collector.trackBatch({ events }, m, o, cb));
  assert.equal(answer.accepted, EVENTS);
  await p.drain();

  const [stored] = await p.platform.analytics.query<{ n: number }>(
    "SELECT count() AS n FROM clean_events WHERE event_id LIKE 'local-tenant-%'",
  );
  assert.equal(stored?.n, EVENTS);
  let views = 0;
  for (let item = 0; item < ITEMS; item++)
    views += (await itemStats(p.features, `local-tenant-item-${item}`)).totals!.views;
  assert.equal(views, EVENTS, 'the read methods see every event, with the demo key of shop-a');
  const topics = (await p.admin.listTopics()).filter((t) => !t.startsWith('__'));
  assert.deepEqual(
    topics.filter((t) => !t.startsWith('shop-a.')),
    [],
    'only shop-a topics exist',
  );

  // A key of the default tenant, admin even: refused on shop-a's servers once they see it (within the 1 s refresh).
  const other = issueApiKey({ name: 'default-admin', scopes: ['admin'] });
  await new FileApiKeyStore(path.join(p.dataDir, 'api-keys.json')).add(other.record);
  const features = new FeaturesClient(
    p.platform.grpcAddress('aggregator'),
    credentials.createInsecure(),
    withApiKey(other.token),
  );
  const codeOf = () =>
    itemStats(features, 'local-tenant-item-0').then(
      () => status.OK,
      (error: ServiceError) => error.code,
    );
  const deadline = Date.now() + 10_000;
  let code: status;
  try {
    code = await codeOf();
    while (code === status.UNAUTHENTICATED && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      code = await codeOf();
    }
  } finally {
    features.close();
  }
  assert.equal(code, status.PERMISSION_DENIED);
});
