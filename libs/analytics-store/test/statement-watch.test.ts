import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from '@jest/globals';
import { AnalyticsStoreError } from '../src/index.js';
import { StatementWatch, statementLabel } from '../src/statement-watch.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a call that answers within the limit gives its result and leaves the store healthy', async () => {
  const watch = new StatementWatch(1_000);
  assert.equal(await watch.run('query `SELECT 1`', async () => 1), 1);
  assert.deepEqual(watch.health(), { healthy: true, detail: 'ok' });
});

test('a call past its limit fails transient naming the statement, and counts as overrunning until it settles', async () => {
  const watch = new StatementWatch(30);
  const engine = deferred<string>();
  const started = Date.now();
  const error = await watch
    .run('insert into events (5 rows)', () => engine.promise)
    .then(
      () => assert.fail('should have timed out'),
      (e: unknown) => e,
    );
  assert.ok(error instanceof AnalyticsStoreError);
  assert.equal(error.transient, true);
  assert.equal(error.code, '159');
  assert.match(error.message, /^insert into events \(5 rows\): no answer after 30 ms/);
  assert.ok(Date.now() - started < 1_000, 'rejected at the limit, not when the engine answered');
  const overrunning = watch.health();
  assert.equal(overrunning.healthy, false);
  assert.match(overrunning.detail, /1 statement\(s\) still running past the 30 ms limit, e\.g\. insert into events/);

  engine.resolve('late');
  await sleep(0);
  const afterwards = watch.health();
  assert.equal(afterwards.healthy, false, 'still failing until a call gets an answer');
  assert.match(afterwards.detail, /^last call failed: insert into events/);
  await watch.run('ping', async () => undefined);
  assert.deepEqual(watch.health(), { healthy: true, detail: 'ok' });
});

test('a transient failure makes the store unhealthy; a permanent one means the engine answered', async () => {
  const watch = new StatementWatch(1_000);
  const down = new AnalyticsStoreError('command: ClickHouse unreachable', { transient: true });
  await assert.rejects(
    watch.run('command `OPTIMIZE TABLE t`', () => Promise.reject(down)),
    (e) => e === down,
  );
  assert.equal(watch.health().healthy, false);
  await assert.rejects(
    watch.run('query `SELEC 1`', () => Promise.reject(new Error('Syntax error'))),
    (e: unknown) => e instanceof AnalyticsStoreError && !e.transient && e.message === 'query `SELEC 1`: Syntax error',
  );
  assert.deepEqual(watch.health(), { healthy: true, detail: 'ok' });
});

test('without a limit a slow call is waited for', async () => {
  const watch = new StatementWatch(undefined);
  assert.equal(await watch.run('query', () => sleep(50).then(() => 'done')), 'done');
});

test('a work function that throws synchronously is a failed call, not a crash', async () => {
  const watch = new StatementWatch(1_000);
  await assert.rejects(
    watch.run('insert into t (1 rows)', () => {
      throw new AnalyticsStoreError('bad table', { transient: false });
    }),
    /bad table/,
  );
});

test('statements are named by their SQL on one line, cut at 160 characters', () => {
  assert.equal(statementLabel('query', 'SELECT 1\n  FROM t\tWHERE x = 1 '), 'query `SELECT 1 FROM t WHERE x = 1`');
  const long = statementLabel('command', `SELECT ${'x'.repeat(300)}`);
  assert.equal(long, `command \`SELECT ${'x'.repeat(153)}…\``);
});
