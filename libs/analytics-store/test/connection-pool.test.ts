import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionPool } from '../src/embedded/connection-pool.js';

interface FakeConnection {
  id: number;
  busy: boolean;
  closed: boolean;
}

function poolOf(size: number) {
  const opened: FakeConnection[] = [];
  const pool = new ConnectionPool<FakeConnection>(
    () => {
      const connection = { id: opened.length + 1, busy: false, closed: false };
      opened.push(connection);
      return connection;
    },
    async (connection) => {
      connection.closed = true;
    },
    size,
    () => new Error('pool closed'),
  );
  return { pool, opened };
}

/** Work that asserts it has its connection to itself while it runs. */
async function exclusive(connection: FakeConnection, ms: number): Promise<number> {
  assert.equal(connection.busy, false, `connection ${connection.id} lent twice`);
  connection.busy = true;
  await sleep(ms);
  connection.busy = false;
  return connection.id;
}

test('opens one connection at once and more only while all are lent, up to its size', async () => {
  const { pool, opened } = poolOf(3);
  assert.equal(opened.length, 1);
  const used = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.use((c) => exclusive(c, 5 + (i % 3)))));
  assert.equal(opened.length, 3);
  assert.deepEqual([...new Set(used)].sort(), [1, 2, 3]);
  await pool.close();
});

test('close waits for lent and queued work, then closes every connection and refuses more', async () => {
  const { pool, opened } = poolOf(1);
  const finished: number[] = [];
  const first = pool.use(async (c) => {
    await exclusive(c, 20);
    finished.push(1);
  });
  const queued = pool.use(async (c) => {
    await exclusive(c, 5);
    finished.push(2);
  });
  await pool.close();
  assert.deepEqual(finished, [1, 2]);
  await Promise.all([first, queued]);
  assert.ok(opened.every((c) => c.closed));
  await assert.rejects(
    pool.use(async () => 1),
    /pool closed/,
  );
});

test('a failing piece of work gives its connection back', async () => {
  const { pool, opened } = poolOf(1);
  await assert.rejects(
    pool.use(async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(await pool.use(async (c) => c.id), 1);
  assert.equal(opened.length, 1);
  await pool.close();
});
