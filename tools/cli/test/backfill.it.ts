import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyticsStore } from '@demand/analytics-store';
import { runBackfill } from '../src/backfill.js';

test('demand backfill migrates, rebuilds the feature tables month by month with progress, and reports rows', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-backfill-'));
  try {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      readStdin: async () => '',
    };
    // A server's login files, unreadable here, are not the embedded store's business.
    const serverLogin = {
      CLICKHOUSE_PASSWORD_FILE: path.join(dir, 'missing'),
      CLICKHOUSE_USER: 'u',
      CLICKHOUSE_USER_FILE: '',
    };
    assert.equal(await runBackfill(['--data-dir', dir], io, serverLogin), 0, err.join(''));
    assert.deepEqual(JSON.parse(out[0]!).rowsRead, 0, 'nothing to read yet');

    // --data-dir over a server configured in the environment: embedded, and the server never asked.
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.writeHead(500);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const serverEnv = { ANALYTICS_STORE: 'server', CLICKHOUSE_URL: url, CLICKHOUSE_USER: 'u' };
      assert.equal(await runBackfill(['--data-dir', dir], io, serverEnv), 0, err.join(''));
      assert.deepEqual(asked, [], 'the server of the environment was not contacted');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const store = createAnalyticsStore({ mode: 'embedded', path: dir });
    await store.insertCompact(
      'clean_events',
      ['event_id', 'kind', 'user_id', 'session_id', 'item_id', 'occurred_at', 'received_at'],
      [
        ['a', 'view', 'u', 's', 'i', '2026-10-01T10:00:00.000Z', '2026-10-01T10:00:00.000Z'],
        ['b', 'view', 'u', 's', 'i', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'],
      ],
    );
    await store.command('TRUNCATE TABLE item_hourly');
    await store.close();

    out.length = 0;
    err.length = 0;
    assert.equal(await runBackfill(['--data-dir', dir, '--views', 'item_hourly_mv'], io), 0, err.join(''));
    assert.match(err.join(''), /backfill 1\/2 item_hourly_mv month 202610: 1 events/);
    assert.match(err.join(''), /backfill 2\/2 item_hourly_mv month 202611/);
    const reopened = createAnalyticsStore({ mode: 'embedded', path: dir });
    const rows = await reopened.query<{ n: number }>('SELECT uniqExactMerge(events) AS n FROM item_hourly');
    await reopened.close();
    assert.equal(rows[0]?.n, 2);

    // ANALYTICS_DATA_DIR alone (no option, no ANALYTICS_STORE) names the embedded store, as for the services.
    err.length = 0;
    assert.equal(await runBackfill(['--views', 'item_hourly_mv'], io, { ANALYTICS_DATA_DIR: dir }), 0, err.join(''));
    assert.match(err.join(''), /backfill 1\/2 item_hourly_mv month 202610: 1 events/);
    assert.equal(await runBackfill(['--views', 'nope_mv', '--data-dir', dir], io), 1);
    assert.equal(await runBackfill(['--from-month', '2026-11'], io), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
