import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { createAnalyticsStore, ensureDatabase } from '../src/index.js';
import {
  clickHouseException,
  closedPort,
  startFakeClickHouse,
  type FakeReply,
  type RecordedRequest,
} from './fake-clickhouse.js';
import { failureOf, onTheWire } from './server-wire-fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SENT_SETTINGS = {
  output_format_json_quote_64bit_integers: '0',
  date_time_output_format: 'iso',
  date_time_input_format: 'best_effort',
};
const ok: FakeReply = { body: '' };

const basicAuth = `Basic ${Buffer.from('analyst:s3cret').toString('base64')}`;

test('query sends the SQL in the body, params as param_*, the database, settings and basic auth, and returns the rows', async () => {
  let rows: unknown[] = [];
  const requests = await onTheWire(
    () => ({ body: '{"item_id":"sku-1","views":12345678901}\n{"item_id":"sku-2","views":3}\n' }),
    async (store) => {
      rows = await store.query(
        'SELECT item_id, views FROM item_stats WHERE item_id IN {ids:Array(String)} AND day >= {from:Date} AND at < {at:DateTime64(3)};',
        {
          ids: ['sku-1', "it's"],
          from: '2024-05-01',
          at: new Date('2024-05-01T10:00:00.250Z'),
        },
      );
    },
  );
  assert.deepEqual(rows, [
    { item_id: 'sku-1', views: 12345678901 },
    { item_id: 'sku-2', views: 3 },
  ]);
  assert.equal(requests.length, 1);
  const [request] = requests as [RecordedRequest];
  assert.equal(request.method, 'POST');
  assert.equal(request.path, '/');
  assert.equal(request.authorization, basicAuth);
  assert.equal(
    request.body,
    'SELECT item_id, views FROM item_stats WHERE item_id IN {ids:Array(String)} AND day >= {from:Date} AND at < {at:DateTime64(3)} \nFORMAT JSONEachRow',
  );
  const { query_id, ...params } = request.params;
  assert.match(query_id ?? '', UUID);
  assert.deepEqual(params, {
    param_ids: "['sku-1','it\\'s']",
    param_from: '2024-05-01',
    param_at: '1714557600.250',
    ...SENT_SETTINGS,
    database: 'demand',
  });
});

test('insertCompact sends INSERT … (columns) FORMAT JSONCompactEachRow and one JSON array per row', async () => {
  const requests = await onTheWire(
    () => ok,
    async (store) => {
      await store.insertCompact(
        'events',
        ['event_id', 'quantity', 'flags'],
        [
          ['e1', 2, ['a']],
          ['e2', 0, []],
        ],
      );
      await store.insertCompact('events', ['event_id'], []);
    },
  );
  const [probe, request] = requests as [RecordedRequest, RecordedRequest];
  assert.match(probe.body, /FROM system\.settings/);
  assert.equal(requests.length, 2, 'an empty insert sends nothing');
  assert.match(
    request.params.query ?? '',
    /^INSERT INTO events \(`?event_id`?, ?`?quantity`?, ?`?flags`?\) FORMAT JSONCompactEachRow$/,
  );
  assert.equal(request.body, '["e1",2,["a"]]\n["e2",0,[]]\n');
});

test('insert sends INSERT … FORMAT JSONEachRow in the query string and one JSON line per row', async () => {
  const requests = await onTheWire(
    () => ok,
    async (store) => {
      await store.insert('events', [
        { event_id: 'e1', quantity: 2, text: 'line one\nline two' },
        { event_id: 'e2', quantity: 0, occurred_at: new Date('2024-05-01T10:00:00.000Z') },
      ]);
      await store.insert('events', []);
    },
  );
  assert.equal(requests.length, 2, 'an empty insert sends nothing');
  const [, request] = requests as [RecordedRequest, RecordedRequest];
  assert.equal(request.method, 'POST');
  assert.equal(request.authorization, basicAuth);
  assert.equal(request.params.query, 'INSERT INTO events FORMAT JSONEachRow');
  assert.equal(request.params.database, 'demand');
  assert.equal(request.params.date_time_input_format, 'best_effort');
  assert.equal(
    request.body,
    '{"event_id":"e1","quantity":2,"text":"line one\\nline two"}\n{"event_id":"e2","quantity":0,"occurred_at":"2024-05-01T10:00:00.000Z"}\n',
  );
});

test('inserts lift max_partitions_per_insert_block where the server has it, asking once', async () => {
  for (const has of [true, false]) {
    const requests = await onTheWire(
      (request) => (request.body.includes('system.settings') && has ? { body: '{"1":1}\n' } : ok),
      async (store) => {
        await store.insert('events', [{ event_id: 'e1' }]);
        await store.insertCompact('events', ['event_id'], [['e2']]);
      },
    );
    const [probe, ...inserts] = requests as [RecordedRequest, ...RecordedRequest[]];
    assert.equal(
      probe.body,
      "SELECT 1 FROM system.settings WHERE name = 'max_partitions_per_insert_block' \nFORMAT JSONEachRow",
    );
    assert.equal(inserts.length, 2, 'asked once');
    for (const insert of inserts) {
      assert.match(insert.params.query ?? '', /^INSERT INTO events/);
      assert.equal(insert.params.max_partitions_per_insert_block, has ? '0' : undefined);
      assert.equal(insert.params.date_time_input_format, 'best_effort', 'the store settings kept');
    }
  }
});

test('command sends the statement with its params and no FORMAT', async () => {
  const requests = await onTheWire(
    () => ok,
    (store) => store.command('ALTER TABLE events DELETE WHERE user_id = {user:String}', { user: 'u-42' }),
  );
  const [request] = requests as [RecordedRequest];
  assert.equal(request.method, 'POST');
  assert.equal(request.body, 'ALTER TABLE events DELETE WHERE user_id = {user:String}');
  assert.equal(request.params.param_user, 'u-42');
  assert.equal(request.params.database, 'demand');
  assert.equal(request.authorization, basicAuth);
});

test('ping calls GET /ping', async () => {
  const requests = await onTheWire(
    () => ({ body: 'Ok.\n' }),
    (store) => store.ping(),
  );
  assert.deepEqual(
    requests.map((r) => `${r.method} ${r.path}`),
    ['GET /ping'],
  );
});

test('a 400 with a ClickHouse exception is permanent and keeps its message and code', async () => {
  await onTheWire(
    () => clickHouseException(400, 62, 'SYNTAX_ERROR', "Syntax error: failed at position 1 ('SELEC'): SELEC 1"),
    async (store) => {
      const error = await failureOf(store.query('SELEC 1'));
      assert.equal(error.transient, false);
      assert.equal(error.code, '62');
      assert.equal(error.type, 'SYNTAX_ERROR');
      assert.equal(error.httpStatus, 400);
      assert.match(error.message, /Syntax error: failed at position 1 \('SELEC'\): SELEC 1/);
    },
  );
});

test('a ClickHouse exception answered with 500 is permanent unless its code is a passing condition', async () => {
  await onTheWire(
    (request) =>
      request.body.includes('huge')
        ? clickHouseException(500, 241, 'MEMORY_LIMIT_EXCEEDED', 'Memory limit (total) exceeded')
        : clickHouseException(500, 57, 'TABLE_ALREADY_EXISTS', 'Table demand.events already exists'),
    async (store) => {
      const schema = await failureOf(store.command('CREATE TABLE events (a UInt8) ENGINE = Memory'));
      assert.equal(schema.transient, false);
      assert.equal(schema.type, 'TABLE_ALREADY_EXISTS');
      const memory = await failureOf(store.query('SELECT huge'));
      assert.equal(memory.transient, true);
      assert.equal(memory.code, '241');
    },
  );
});

test('a 503 or a 502 from a proxy is transient, with the status kept', async () => {
  await onTheWire(
    (request) =>
      request.params.query?.startsWith('INSERT')
        ? { status: 502, body: '<html>Bad Gateway</html>' }
        : request.body.includes('system.settings')
          ? ok
          : { status: 503, body: 'no healthy upstream' },
    async (store) => {
      const unavailable = await failureOf(store.query('SELECT 1'));
      assert.equal(unavailable.transient, true);
      assert.equal(unavailable.httpStatus, 503);
      assert.match(unavailable.message, /HTTP 503: no healthy upstream/);
      const badGateway = await failureOf(store.insert('events', [{ event_id: 'e1' }]));
      assert.equal(badGateway.transient, true);
      assert.equal(badGateway.httpStatus, 502);
    },
  );
});

test('a 403 from a proxy without a ClickHouse exception is permanent', async () => {
  await onTheWire(
    () => ({ status: 403, body: 'forbidden' }),
    async (store) => {
      const error = await failureOf(store.command('SELECT 1'));
      assert.equal(error.transient, false);
      assert.equal(error.httpStatus, 403);
    },
  );
});

test('connection refused is transient for statements and ping', async () => {
  const store = createAnalyticsStore({
    mode: 'server',
    url: `http://127.0.0.1:${await closedPort()}`,
    requestTimeoutMs: 2000,
  });
  try {
    const refused = await failureOf(store.query('SELECT 1'));
    assert.equal(refused.transient, true);
    assert.match(refused.message, /ECONNREFUSED/);
    const ping = await failureOf(store.ping());
    assert.equal(ping.transient, true);
  } finally {
    await store.close();
  }
});

test('a request that outlives requestTimeoutMs is transient', async () => {
  const fake = await startFakeClickHouse(() => ({ hang: true }));
  const store = createAnalyticsStore({ mode: 'server', url: fake.url, requestTimeoutMs: 150 });
  try {
    const error = await failureOf(store.query('SELECT sleep(3)'));
    assert.equal(error.transient, true);
    assert.match(error.message, /Timeout/);
  } finally {
    await store.close();
    await fake.close();
  }
});

test('a closed store refuses calls', async () => {
  await onTheWire(
    () => ok,
    async (store) => {
      await store.close();
      await assert.rejects(store.command('SELECT 1'), /closed/);
    },
  );
});

test('a bad server config is refused listing every problem', () => {
  assert.throws(
    () => createAnalyticsStore({ mode: 'server', url: 'clickhouse 8123', requestTimeoutMs: -1 }),
    (error: Error) =>
      error.message.includes('url must be an absolute http(s) URL') &&
      error.message.includes('requestTimeoutMs must be a positive number'),
  );
});

test('health is false after a transient failure and true again once the server answers, a ping included', async () => {
  let down = true;
  await onTheWire(
    (request) =>
      down ? { status: 503, body: 'no healthy upstream' } : request.path === '/ping' ? { body: 'Ok.\n' } : ok,
    async (store) => {
      assert.deepEqual(store.health(), { healthy: true, detail: 'ok' });
      await failureOf(store.command('OPTIMIZE TABLE events'));
      const failing = store.health();
      assert.equal(failing.healthy, false);
      assert.match(failing.detail, /^last call failed: command on http:\/\/127\.0\.0\.1:\d+: HTTP 503/);
      down = false;
      await store.ping();
      assert.deepEqual(store.health(), { healthy: true, detail: 'ok' });
    },
  );
});

test('ensureDatabase creates a missing database through a connection that names none; an existing one is left alone', async () => {
  const existing = new Set(['demand']);
  const fake = await startFakeClickHouse((request) =>
    request.body.startsWith('SELECT') && existing.has(request.params.param_name ?? '')
      ? { body: `{"name":"${request.params.param_name}"}\n` }
      : ok,
  );
  try {
    await ensureDatabase({ mode: 'server', url: fake.url, username: 'analyst', database: 'demand__shop_a' });
    assert.deepEqual(
      fake.requests.map((r) => [r.body.trim().split(' ').slice(0, 2).join(' '), r.params.database]),
      [
        ['SELECT name', undefined],
        ['CREATE DATABASE', undefined],
      ],
    );
    assert.equal(fake.requests[1]!.body.trim(), 'CREATE DATABASE IF NOT EXISTS `demand__shop_a`');
    await ensureDatabase({ mode: 'server', url: fake.url, database: 'demand' });
    assert.equal(fake.requests.length, 3, 'only asked, not created');
    await assert.rejects(ensureDatabase({ mode: 'server', url: fake.url, database: 'x`; DROP' }), /database name/);
    assert.equal(fake.requests.length, 3);
  } finally {
    await fake.close();
  }
});
