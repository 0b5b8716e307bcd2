import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBackfill } from '../src/backfill.js';
import { capture } from './support/capture-io.js';

test('backfill against a server works in the database of TENANT_ID, as the services do; a bad tenant id stops it', async () => {
  const databases: (string | null)[] = [];
  const server = createServer((request, response) => {
    databases.push(new URL(request.url ?? '/', 'http://x').searchParams.get('database'));
    response.writeHead(404, { 'X-ClickHouse-Exception-Code': '81' });
    response.end('Code: 81. DB::Exception: Database demand__shop_a does not exist. (UNKNOWN_DATABASE)\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const run = capture();
    const env = { TENANT_ID: 'shop-a', CLICKHOUSE_DATABASE: 'demand' };
    assert.equal(await runBackfill(['--clickhouse-url', url], run.io, env), 1);
    assert.ok(databases.length > 0);
    assert.deepEqual([...new Set(databases)], ['demand__shop_a']);
    const bad = capture();
    assert.equal(await runBackfill(['--clickhouse-url', url], bad.io, { TENANT_ID: 'Shop A' }), 2);
    assert.match(bad.out.stderr, /not a tenant id/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
