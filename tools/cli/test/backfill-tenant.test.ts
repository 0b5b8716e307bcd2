import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runBackfill } from '../src/backfill.js';
import { capture } from './support/capture-io.js';

test('backfill against a server works in the database of TENANT_ID with the login of CLICKHOUSE_USER_FILE, as the services do; a bad tenant id stops it', async () => {
  const databases: (string | null)[] = [];
  const logins: string[] = [];
  const server = createServer((request, response) => {
    databases.push(new URL(request.url ?? '/', 'http://x').searchParams.get('database'));
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    logins.push(
      basic ? Buffer.from(basic, 'base64').toString().split(':')[0]! : String(request.headers['x-clickhouse-user']),
    );
    response.writeHead(404, { 'X-ClickHouse-Exception-Code': '81' });
    response.end('Code: 81. DB::Exception: Database demand__shop_a does not exist. (UNKNOWN_DATABASE)\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secrets = mkdtempSync(path.join(tmpdir(), 'backfill-secrets-'));
  try {
    const userFile = path.join(secrets, 'CLICKHOUSE_USER');
    writeFileSync(userFile, 'shop_a_service\n');
    const run = capture();
    const env = { TENANT_ID: 'shop-a', CLICKHOUSE_DATABASE: 'demand', CLICKHOUSE_USER_FILE: userFile };
    assert.equal(await runBackfill(['--clickhouse-url', url], run.io, env), 1);
    assert.ok(databases.length > 0);
    assert.deepEqual([...new Set(databases)], ['demand__shop_a']);
    assert.deepEqual([...new Set(logins)], ['shop_a_service'], 'the cell login from CLICKHOUSE_USER_FILE');
    databases.length = 0;
    const fromVariables = { ...env, ANALYTICS_STORE: 'server', CLICKHOUSE_URL: url };
    assert.equal(
      await runBackfill([], capture().io, fromVariables),
      1,
      'the server of ANALYTICS_STORE, as the services',
    );
    assert.deepEqual([...new Set(databases)], ['demand__shop_a']);
    const noUrl = capture();
    assert.equal(await runBackfill([], noUrl.io, { ANALYTICS_STORE: 'server' }), 2);
    assert.match(noUrl.out.stderr, /CLICKHOUSE_URL: is required when ANALYTICS_STORE=server/);
    const bad = capture();
    assert.equal(await runBackfill(['--clickhouse-url', url], bad.io, { TENANT_ID: 'Shop A' }), 2);
    assert.match(bad.out.stderr, /TENANT_ID: expected a lower-case slug/);
  } finally {
    rmSync(secrets, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  }
});
