import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { clickHouseExceptionMidStream, type RecordedRequest } from './fake-clickhouse.js';
import { failureOf, onTheWire } from './server-wire-fixture.js';

test('queryCompact asks for JSONCompactEachRow and returns each line as an array', async () => {
  let rows: unknown[] = [];
  const requests = await onTheWire(
    () => ({ body: '["sku-1",12345678901,["a"]]\n["line\\nbreak",3,[]]\n' }),
    async (store) => {
      rows = await store.queryCompact('SELECT item_id, views, tags FROM item_stats WHERE item_id = {id:String}', {
        id: 'sku-1',
      });
    },
  );
  assert.deepEqual(rows, [
    ['sku-1', 12345678901, ['a']],
    ['line\nbreak', 3, []],
  ]);
  const [request] = requests as [RecordedRequest];
  assert.equal(
    request.body,
    'SELECT item_id, views, tags FROM item_stats WHERE item_id = {id:String} \nFORMAT JSONCompactEachRow',
  );
  assert.equal(request.params.param_id, 'sku-1');
});

test('an exception sent mid-stream after a 200 fails query and queryCompact alike, with its code', async () => {
  await onTheWire(
    (request) =>
      clickHouseExceptionMidStream(
        request.body.endsWith('JSONEachRow') ? '{"a":"a","n":1}\n' : '["a",1]\n',
        241,
        'MEMORY_LIMIT_EXCEEDED',
        'Memory limit (total) exceeded',
      ),
    async (store) => {
      for (const read of [store.query.bind(store), store.queryCompact.bind(store)]) {
        const error = await failureOf(read('SELECT a, n FROM t'));
        assert.equal(error.code, '241');
        assert.equal(error.type, 'MEMORY_LIMIT_EXCEEDED');
        assert.equal(error.transient, true);
        assert.match(error.message, /Memory limit \(total\) exceeded/);
      }
    },
  );
});
