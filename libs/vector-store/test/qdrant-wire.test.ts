import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { pointUuid, QdrantVectorStore, VectorStoreError } from '../src/index.js';
import { failure, ok, startFakeQdrant, type FakeReply, type RecordedRequest } from './fake-qdrant.js';
import { assertRejectsWithCode } from './fixtures.js';

const completed = ok({ operation_id: 1, status: 'completed' });

function collectionInfo(size: number, payloadSchema: Record<string, unknown> = {}): FakeReply {
  return {
    body: ok({
      status: 'green',
      optimizer_status: 'ok',
      points_count: 0,
      segments_count: 1,
      config: { params: { vectors: { size, distance: 'Cosine' }, shard_number: 1, replication_factor: 1 } },
      payload_schema: payloadSchema,
    }),
  };
}

/** Runs `scenario` against a fake Qdrant answering with `answer`; returns what was sent. */
async function onTheWire(
  answer: (request: RecordedRequest) => FakeReply,
  scenario: (store: QdrantVectorStore) => Promise<void>,
  options: { upsertBatchSize?: number; apiKey?: string } = {},
): Promise<RecordedRequest[]> {
  const fake = await startFakeQdrant(answer);
  const store = new QdrantVectorStore({ url: fake.url, timeoutMs: 5000, ...options });
  try {
    await scenario(store);
  } finally {
    await store.close();
    await fake.close();
  }
  return fake.requests;
}

const calls = (requests: RecordedRequest[]) => requests.map((r) => `${r.method} ${r.url}`);

test('ensureCollection creates a missing collection with cosine vectors and payload indexes', async () => {
  const sent = await onTheWire(
    (r) =>
      r.url.endsWith('/exists')
        ? { body: ok({ exists: false }) }
        : r.url.includes('/index')
          ? { body: completed }
          : { body: ok(true) },
    (store) =>
      store.ensureCollection('items', {
        dimensions: 4,
        distance: 'cosine',
        payloadIndexes: [
          { field: 'category', type: 'keyword' },
          { field: 'price', type: 'float' },
        ],
      }),
  );
  assert.deepEqual(calls(sent), [
    'GET /collections/items/exists',
    'PUT /collections/items',
    'PUT /collections/items/index?wait=true',
    'PUT /collections/items/index?wait=true',
  ]);
  assert.deepEqual(sent[1].body, { vectors: { size: 4, distance: 'Cosine' } });
  assert.deepEqual(sent[2].body, { field_name: 'category', field_schema: 'keyword' });
  assert.deepEqual(sent[3].body, { field_name: 'price', field_schema: 'float' });
});

test('ensureCollection on an existing collection checks its vectors and adds only missing indexes', async () => {
  const answer = (size: number) => (r: RecordedRequest) =>
    r.url.endsWith('/exists')
      ? { body: ok({ exists: true }) }
      : r.method === 'GET'
        ? collectionInfo(size, { category: { data_type: 'keyword', points: 3 } })
        : { body: completed };
  const spec = {
    dimensions: 4,
    distance: 'cosine' as const,
    payloadIndexes: [
      { field: 'category', type: 'keyword' as const },
      { field: 'in_stock', type: 'bool' as const },
    ],
  };
  const sent = await onTheWire(answer(4), (store) => store.ensureCollection('items', spec));
  assert.deepEqual(calls(sent), [
    'GET /collections/items/exists',
    'GET /collections/items',
    'PUT /collections/items/index?wait=true',
  ]);
  assert.deepEqual(sent[2].body, { field_name: 'in_stock', field_schema: 'bool' });

  const mismatch = await onTheWire(answer(8), (store) =>
    assertRejectsWithCode(store.ensureCollection('items', spec), 'FAILED_PRECONDITION', /8 dimensions/),
  );
  assert.deepEqual(calls(mismatch), ['GET /collections/items/exists', 'GET /collections/items']);
});

test('ensureCollection tolerates losing a creation race (409) and then checks the winner', async () => {
  const sent = await onTheWire(
    (r) =>
      r.url.endsWith('/exists')
        ? { body: ok({ exists: false }) }
        : r.method === 'PUT'
          ? { status: 409, body: failure('Wrong input: Collection `items` already exists!') }
          : collectionInfo(4),
    (store) => store.ensureCollection('items', { dimensions: 4, distance: 'cosine' }),
  );
  assert.deepEqual(calls(sent), ['GET /collections/items/exists', 'PUT /collections/items', 'GET /collections/items']);
});

test('upsert sends batches with UUID ids, the vectors, and the caller id in the payload; waits', async () => {
  const sent = await onTheWire(
    () => ({ body: completed }),
    (store) =>
      store.upsert('items', [
        { id: 'item-1', vector: new Float32Array([1, 0, 0.5]), payload: { category: 'shoes' } },
        { id: 'item-2', vector: [0, 1, 0], payload: { tags: ['a'] } },
        { id: 'item-3', vector: [0, 0, 1], payload: {} },
      ]),
    { upsertBatchSize: 2 },
  );
  assert.deepEqual(calls(sent), ['PUT /collections/items/points?wait=true', 'PUT /collections/items/points?wait=true']);
  assert.deepEqual(sent[0].body, {
    points: [
      { id: pointUuid('item-1'), vector: [1, 0, 0.5], payload: { category: 'shoes', __point_id: 'item-1' } },
      { id: pointUuid('item-2'), vector: [0, 1, 0], payload: { tags: ['a'], __point_id: 'item-2' } },
    ],
  });
  assert.deepEqual(sent[1].body, {
    points: [{ id: pointUuid('item-3'), vector: [0, 0, 1], payload: { __point_id: 'item-3' } }],
  });
});

test('search uses the query API with filter, limit and threshold, and maps ids back', async () => {
  const filter = {
    must: [{ key: 'category', match: { value: 'shoes' } }],
    should: [],
    must_not: [{ key: 'price', range: { gt: 100 } }],
  };
  const hits = [
    { id: pointUuid('item-2'), version: 3, score: 0.93, payload: { category: 'shoes', __point_id: 'item-2' } },
    { id: pointUuid('item-1'), version: 1, score: 0.5, payload: { category: 'shoes', __point_id: 'item-1' } },
  ];
  let results: unknown;
  let bare: unknown;
  const sent = await onTheWire(
    () => ({ body: ok({ points: hits }) }),
    async (store) => {
      results = await store.search('items', {
        vector: new Float32Array([1, 0, 0]),
        limit: 2,
        filter,
        scoreThreshold: 0.4,
      });
      bare = await store.search('items', { vector: [1, 0, 0], limit: 2, withPayload: false });
    },
  );
  assert.deepEqual(calls(sent), ['POST /collections/items/points/query', 'POST /collections/items/points/query']);
  assert.deepEqual(sent[0].body, {
    query: [1, 0, 0],
    filter: {
      must: [{ key: 'category', match: { value: 'shoes' } }],
      must_not: [{ key: 'price', range: { gt: 100 } }],
    },
    score_threshold: 0.4,
    limit: 2,
    with_payload: true,
  });
  assert.deepEqual(sent[1].body, { query: [1, 0, 0], limit: 2, with_payload: ['__point_id'] });
  assert.deepEqual(results, [
    { id: 'item-2', score: 0.93, payload: { category: 'shoes' } },
    { id: 'item-1', score: 0.5, payload: { category: 'shoes' } },
  ]);
  assert.deepEqual(bare, [
    { id: 'item-2', score: 0.93, payload: {} },
    { id: 'item-1', score: 0.5, payload: {} },
  ]);
});

test('retrieve asks by UUID and returns the caller ids in the order asked', async () => {
  let found: unknown;
  const sent = await onTheWire(
    () => ({
      body: ok([
        { id: pointUuid('b'), payload: { n: 2, __point_id: 'b' }, vector: [0, 1] },
        { id: pointUuid('a'), payload: { n: 1, __point_id: 'a' }, vector: [1, 0] },
      ]),
    }),
    async (store) => {
      found = await store.retrieve('items', ['a', 'missing', 'b'], { withVector: true });
    },
  );
  assert.deepEqual(calls(sent), ['POST /collections/items/points']);
  assert.deepEqual(sent[0].body, {
    ids: [pointUuid('a'), pointUuid('missing'), pointUuid('b')],
    with_payload: true,
    with_vector: true,
  });
  assert.deepEqual(found, [
    { id: 'a', payload: { n: 1 }, vector: [1, 0] },
    { id: 'b', payload: { n: 2 }, vector: [0, 1] },
  ]);
});

test('delete, deleteByFilter and count', async () => {
  let counted: number | undefined;
  const filter = { must: [{ key: 'user_id', match: { value: 'u-1' } }] };
  const sent = await onTheWire(
    (r) => ({ body: r.url.includes('/count') ? ok({ count: 7 }) : completed }),
    async (store) => {
      await store.delete('items', ['a', 'b']);
      await store.delete('items', []);
      await store.deleteByFilter('items', filter);
      counted = await store.count('items', { must: [{ key: 'tags', match: { any: ['x', 'y'] } }] });
    },
  );
  assert.deepEqual(calls(sent), [
    'POST /collections/items/points/delete?wait=true',
    'POST /collections/items/points/delete?wait=true',
    'POST /collections/items/points/count',
  ]);
  assert.deepEqual(sent[0].body, { points: [pointUuid('a'), pointUuid('b')] });
  assert.deepEqual(sent[1].body, { filter });
  assert.deepEqual(sent[2].body, { filter: { must: [{ key: 'tags', match: { any: ['x', 'y'] } }] }, exact: true });
  assert.equal(counted, 7);
});

test('server errors keep their meaning: 503 is transient, 404 NOT_FOUND, 400 INVALID_ARGUMENT', async () => {
  const replies: Record<string, FakeReply> = {
    unavailable: { status: 503, body: 'upstream unavailable' },
    missing: { status: 404, body: failure("Not found: Collection `missing` doesn't exist!") },
    dims: { status: 400, body: failure('Wrong input: Vector dimension error: expected dim: 4, got 3') },
  };
  await onTheWire(
    (r) => replies[r.url.split('/')[2]],
    async (store) => {
      await assert.rejects(
        store.count('unavailable'),
        (e: unknown) => e instanceof VectorStoreError && e.transient && e.code === 'BACKEND_UNAVAILABLE',
      );
      await assertRejectsWithCode(store.count('missing'), 'NOT_FOUND', /doesn't exist/);
      await assertRejectsWithCode(
        store.upsert('dims', [{ id: 'x', vector: [1, 2, 3], payload: {} }]),
        'INVALID_ARGUMENT',
        /dimension/,
      );
      await assert.rejects(store.count('dims'), (e: unknown) => e instanceof VectorStoreError && !e.transient);
    },
  );
});

test('an unreachable server is a transient error', async () => {
  const fake = await startFakeQdrant(() => ({ body: ok(true) }));
  const url = fake.url;
  await fake.close();
  const store = new QdrantVectorStore({ url, timeoutMs: 5000 });
  await assert.rejects(store.search('items', { vector: [1, 0], limit: 1 }), (e: unknown) => {
    assert.ok(e instanceof VectorStoreError);
    assert.equal(e.code, 'BACKEND_UNAVAILABLE');
    assert.equal(e.transient, true);
    return true;
  });
});

test('listCollections reads GET /collections and sorts the names', async () => {
  let names: string[] = [];
  const requests = await onTheWire(
    () => ({ body: ok({ collections: [{ name: 'texts_b' }, { name: 'items_a' }] }) }),
    async (store) => {
      names = await store.listCollections();
    },
  );
  assert.deepEqual(names, ['items_a', 'texts_b']);
  assert.deepEqual(calls(requests), ['GET /collections']);
});

test("the API key (a cell's Qdrant key) travels in the api-key header of every request, and none without it", async () => {
  const answer = (r: RecordedRequest): FakeReply => ({
    body: r.url.endsWith('/exists') ? ok({ exists: false }) : r.url.includes('/count') ? ok({ count: 0 }) : ok(true),
  });
  const scenario = async (store: QdrantVectorStore) => {
    await store.ensureCollection('shop_a__items', { dimensions: 2, distance: 'cosine' });
    await store.count('shop_a__items');
    await store.delete('shop_a__items', ['a']);
  };
  const withKey = await onTheWire(answer, scenario, { apiKey: 'cell-key-shop-a' });
  assert.equal(withKey.length, 4);
  assert.deepEqual(
    withKey.map((r) => r.apiKey),
    withKey.map(() => 'cell-key-shop-a'),
  );
  const withoutKey = await onTheWire(answer, scenario);
  assert.equal(withoutKey.length, 4);
  assert.deepEqual(
    withoutKey.map((r) => r.apiKey),
    withoutKey.map(() => undefined),
  );
});
