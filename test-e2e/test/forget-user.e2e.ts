import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { READ_SERVER, type ReadServer } from '@demand/aggregator';
import {
  CleanEvent,
  Event,
  FeaturesClient,
  type ForgetUserReceipt,
  type PrivacyClient,
  SearchFilters,
  type SemanticSearchResponse,
  TextAnalysisClient,
  TextKind,
  Topics,
  type UserExport,
  type UserProfile,
  withApiKey,
} from '@demand/contracts';
import { ClickHouseTrainingData } from '@demand/recommender';
import { unaryCall } from '../src/grpc-call.js';
import { waitForTextModels } from '../src/text-analysis.js';
import { adminPrivacyClient } from '../src/privacy-admin.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

let p: TestPlatform;
let privacy: PrivacyClient;
let texts: TextAnalysisClient;
/** The stored id of 'forget-me', learnt by the first test. */
let pseudonym = '';
let forgottenAt = 0;
/** The aggregator's read port (AGGREGATOR_READ_GRPC_PORT), with the demo key and with none. */
let reads: FeaturesClient;
let anonymous: FeaturesClient;
beforeAll(async () => {
  p = await startTestPlatform({ AGGREGATOR_READ_GRPC_PORT: '0' });
  privacy = await adminPrivacyClient(p);
  texts = new TextAnalysisClient(
    p.platform.grpcAddress('embedder'),
    credentials.createInsecure(),
    withApiKey(p.platform.apiKey),
  );
  const readServer = p.platform.services.get('aggregator')!.app.get<ReadServer>(READ_SERVER, { strict: false });
  const address = `127.0.0.1:${readServer.port}`;
  reads = new FeaturesClient(address, credentials.createInsecure(), withApiKey(p.platform.apiKey));
  anonymous = new FeaturesClient(address, credentials.createInsecure());
}, 120_000);
afterAll(async () => {
  for (const client of [privacy, texts, reads, anonymous]) client?.close();
  await p?.stop();
});

function history(userId: string, itemId: string): Event[] {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
  const base = { userId, sessionId: `s-${userId}` };
  return [
    Event.fromPartial({
      ...base,
      eventId: `${userId}-1`,
      occurredAt: at(0),
      payload: { $case: 'view', view: { itemId } },
    }),
    Event.fromPartial({
      ...base,
      eventId: `${userId}-2`,
      occurredAt: at(1),
      payload: {
        $case: 'purchase',
        purchase: { itemId, orderId: `o-${userId}`, quantity: 1, unitPrice: 59, currency: 'CNY' },
      },
    }),
    Event.fromPartial({
      ...base,
      eventId: `${userId}-3`,
      occurredAt: at(2),
      payload: {
        $case: 'review',
        review: { itemId, rating: 1, text: '耳机收到就是坏的，音质很差，要求退货', orderId: `o-${userId}` },
      },
    }),
  ];
}

async function reviewsOf(itemId: string): Promise<number> {
  const answer = await unaryCall<SemanticSearchResponse>((m, o, cb) =>
    texts.semanticSearch(
      {
        query: '耳机坏了',
        kind: TextKind.TEXT_KIND_REVIEW,
        limit: 10,
        filters: SearchFilters.fromPartial({ itemIds: [itemId] }),
        minScore: 0,
      },
      m,
      o,
      cb,
    ),
  );
  return answer.hits.length;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test('ForgetUser: nothing of the user is left in any ClickHouse table or the vector store; the other user stays', async () => {
  await waitForTextModels(texts, 180_000);
  await unaryCall((m, o, cb) =>
    p.collector.trackBatch(
      { events: [...history('forget-me', 'i-forget'), ...history('keep-me', 'i-keep')] },
      m,
      o,
      cb,
    ),
  );
  await p.drain();
  await until(
    'both reviews are in the vector store',
    async () => (await reviewsOf('i-forget')) + (await reviewsOf('i-keep')) === 2,
  );

  const exported = await unaryCall<UserExport>((m, o, cb) => privacy.exportUser({ userId: 'forget-me' }, m, o, cb));
  const events = exported.tables.find((t) => t.table === 'clean_events')?.rowsJson.map((r) => JSON.parse(r)) ?? [];
  assert.equal(events.length, 3);
  pseudonym = events[0].user_id as string;
  assert.match(pseudonym, /^p[0-9a-f]{32}$/, 'stored under a pseudonym, found by the shop id');

  forgottenAt = Date.now();
  const receipt = await unaryCall<ForgetUserReceipt>((m, o, cb) =>
    privacy.forgetUser({ userId: 'forget-me' }, m, o, cb),
  );
  assert.equal(receipt.removed.find((r) => r.table === 'clean_events')?.rows, 3);
  assert.deepEqual(receipt.forwardedTo, ['privacy.forget.v1']);
  await until('the review left the vector store', async () => (await reviewsOf('i-forget')) === 0);
  assert.equal(await reviewsOf('i-keep'), 1);

  const tables = await p.platform.analytics.query<{ table: string; column: string }>(
    `SELECT c.table AS table, c.name AS column FROM system.columns AS c
       INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
      WHERE c.database = currentDatabase() AND t.engine LIKE '%MergeTree' AND c.type LIKE '%String%'`,
  );
  const left: string[] = [];
  for (const { table, column } of tables) {
    const [hit] = await p.platform.analytics.query<{ n: number }>(
      `SELECT count() AS n FROM \`${table}\` WHERE toString(\`${column}\`) IN {v:Array(String)}`,
      { v: [pseudonym, 'forget-me', 's-forget-me'] },
    );
    if (Number(hit?.n) > 0) left.push(`${table}.${column}: ${hit!.n}`);
  }
  assert.deepEqual(left, []);
  const again = await unaryCall<ForgetUserReceipt>((m, o, cb) => privacy.forgetUser({ userId: 'forget-me' }, m, o, cb));
  assert.ok(again.removed.filter((r) => r.store === 'clickhouse').every((r) => r.rows === 0));
}, 420_000);

test('records of the forgotten user still on the topic when they were forgotten are dropped, not stored again, and never reach a model trained afterwards; new activity is kept', async () => {
  assert.ok(pseudonym, 'the first test forgot the user');
  const late = (eventId: string, receivedAt: number) =>
    Buffer.from(
      CleanEvent.encode(
        CleanEvent.fromPartial({
          event: Event.fromPartial({
            eventId,
            userId: pseudonym,
            sessionId: 's-late',
            occurredAt: new Date(forgottenAt - 60_000),
            receivedAt: new Date(receivedAt),
            payload: { $case: 'view', view: { itemId: 'i-forget' } },
          }),
        }),
      ).finish(),
    );
  const producer = p.kafka.producer();
  await producer.connect();
  await producer.send({
    topic: Topics.eventsClean.name,
    messages: [
      { key: pseudonym, value: late('forget-me-in-flight', forgottenAt - 1_000) },
      { key: pseudonym, value: late('forget-me-came-back', Date.now() + 1_000) },
    ],
  });
  await producer.disconnect();
  await p.drain();
  const rows = await p.platform.analytics.query<{ event_id: string }>(
    'SELECT event_id FROM clean_events WHERE user_id = {u:String} ORDER BY event_id',
    { u: pseudonym },
  );
  assert.deepEqual(
    rows.map((r) => r.event_id),
    ['forget-me-came-back'],
  );
  // What the recommender's next training reads: of the forgotten user, only the activity after the request.
  const training = await new ClickHouseTrainingData(p.platform.analytics, {
    historyDays: 3650,
    maxEvents: 1_000_000,
    clock: () => Date.now(),
  }).load();
  const seen = training.interactions.filter((i) => i.user === pseudonym || i.user === 'forget-me');
  assert.deepEqual(
    seen.map((i) => [i.item, i.kind, i.session]),
    [['i-forget', 'view', 's-late']],
  );
  assert.ok(
    training.interactions.some((i) => i.item === 'i-keep'),
    'the other user is still learnt from',
  );
}, 120_000);

const profileOf = (client: FeaturesClient, userId: string) =>
  unaryCall<UserProfile>((m, o, cb) => client.getUserProfile({ userId }, m, o, cb));
const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => assert.fail('expected the call to fail'),
    (e: ServiceError) => e.code,
  );

test('the read port answers as the main port with a key; NOT_FOUND for an unknown or a forgotten user', async () => {
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
  // The touched refresh profiles the user, then posts its answer to the read server's worker: the main port's cache
  // can hold a newer refresh than the read port for a moment, so compare once the read port has both events.
  const deadline = Date.now() + 60_000;
  let read: UserProfile | undefined;
  for (;;) {
    read = await profileOf(reads, storedId).catch((e: ServiceError) => {
      if (e.code !== status.NOT_FOUND) throw e;
      return undefined;
    });
    if (read?.activity?.views === 1 && read.activity.carts === 1) break;
    if (Date.now() > deadline) assert.fail(`the read port never showed both events: ${JSON.stringify(read?.activity)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(read.userId, storedId);
  assert.deepEqual(read, await profileOf(p.features, storedId), 'the main port answers the same');
  assert.equal(await codeOf(profileOf(reads, 'nobody-here')), status.NOT_FOUND);
  assert.equal(await codeOf(profileOf(anonymous, storedId)), status.UNAUTHENTICATED);

  await unaryCall((m, o, cb) => privacy.forgetUser({ userId: 'read-port-user' }, m, o, cb));
  assert.equal(await codeOf(profileOf(reads, storedId)), status.NOT_FOUND);
});
