import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Event } from '@demand/contracts';
import { startKafkaFixture, recordCount, type KafkaFixture } from './kafka-fixture.js';
import { delay, eventually, testTopic, transientError, viewEvent } from './support.js';

const flaky = testTopic('it.flaky.v1', 1);
const stopped = testTopic('it.stopped.v1', 1);
const draining = testTopic('it.draining.v1', 1);
const downstream = testTopic('it.downstream.v1', 1);
let fixture: KafkaFixture;

beforeAll(async () => {
  fixture = await startKafkaFixture([flaky, stopped, draining, downstream]);
});

afterAll(() => fixture.close());

const ids = (batch: { value: Event }[]) => batch.map((r) => r.value.eventId);

test('transient failures are retried without committing, then the batch succeeds with nothing lost or dead-lettered', async () => {
  const bus = fixture.newBus();
  await bus.publish(
    flaky,
    ['f1', 'f2', 'f3'].map((id) => viewEvent(id)),
  );
  let calls = 0;
  let release = false;
  const succeeded: string[][] = [];
  await bus.subscribe({
    groupId: 'flaky',
    topic: flaky,
    fromBeginning: true,
    retry: { initialDelayMs: 50, maxDelayMs: 100, attemptsBeforeIsolation: 1 },
    handle: async (batch) => {
      calls += 1;
      if (!release) throw transientError(`analytics store unavailable (call ${calls})`);
      succeeded.push(ids(batch));
    },
  });

  await eventually('several failed attempts', () => (calls >= 4 ? true : undefined));
  assert.equal(bus.isHealthy(), false, 'unhealthy while failing');
  assert.equal(await fixture.committedOffset('flaky', flaky.name), 0, 'nothing committed while failing');
  release = true;
  await eventually('committed after success', async () =>
    (await fixture.committedOffset('flaky', flaky.name)) === 3 ? true : undefined,
  );
  assert.deepEqual(succeeded, [['f1', 'f2', 'f3']], 'handled once, whole, in order');
  assert.equal(bus.isHealthy(), true, 'healthy again');
  assert.equal(await recordCount(fixture.admin, flaky.dlq), 0);
  const failures = bus.logger.lines.filter((l) => l.message === 'handler failed; will retry');
  assert.ok(failures.length >= 4);
  assert.deepEqual(
    failures.slice(0, 4).map((l) => [l.fields.attempt, l.fields.transient]),
    [
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ],
  );
  const metrics = await bus.registry.metrics();
  assert.match(
    metrics,
    new RegExp(`bus_handler_failures_total\\{topic="it.flaky.v1",group="flaky",kind="transient"\\} ${calls - 1}`),
  );
  assert.doesNotMatch(metrics, /bus_records_dead_lettered_total\{/);
});

test('a consumer stopped mid-batch does not commit; the next member of the group gets the records again', async () => {
  const bus = fixture.newBus();
  const firstMember: string[][] = [];
  let failing = false;
  const first = await bus.subscribe({
    groupId: 'stopped',
    topic: stopped,
    fromBeginning: true,
    retry: { initialDelayMs: 10_000, maxDelayMs: 10_000, attemptsBeforeIsolation: 100 },
    handle: async (batch) => {
      firstMember.push(ids(batch));
      if (failing) throw new Error('cannot handle this yet');
    },
  });
  await bus.publish(stopped, [viewEvent('s1'), viewEvent('s2')]);
  await eventually('first batch committed', async () =>
    (await fixture.committedOffset('stopped', stopped.name)) === 2 ? true : undefined,
  );
  failing = true;
  await bus.publish(stopped, [viewEvent('s3'), viewEvent('s4')]);
  await eventually('second batch attempted', () => (firstMember.length >= 2 ? true : undefined));
  const stopStarted = Date.now();
  await first.stop();
  assert.ok(Date.now() - stopStarted < 5000, 'stopping cuts the 10 s backoff short');
  assert.equal(await fixture.committedOffset('stopped', stopped.name), 2, 'the failed batch is not committed');
  assert.equal(await recordCount(fixture.admin, stopped.dlq), 0);

  const secondMember: string[] = [];
  await bus.subscribe({
    groupId: 'stopped',
    topic: stopped,
    handle: async (batch) => void secondMember.push(...ids(batch)),
  });
  await eventually('records delivered again', () => (secondMember.length >= 2 ? true : undefined));
  assert.deepEqual(secondMember, ['s3', 's4']);
  await eventually('committed by the new member', async () =>
    (await fixture.committedOffset('stopped', stopped.name)) === 4 ? true : undefined,
  );
});

test('close waits for the batch in flight, lets it publish and commits it', async () => {
  const bus = fixture.newBus();
  await bus.publish(draining, [viewEvent('d1'), viewEvent('d2')]);
  let handlerStarted = false;
  let handlerFinishedAt = 0;
  await bus.subscribe({
    groupId: 'draining',
    topic: draining,
    fromBeginning: true,
    handle: async (batch) => {
      handlerStarted = true;
      await delay(1500);
      await bus.publish(
        downstream,
        batch.map((r) => r.value),
      );
      handlerFinishedAt = Date.now();
    },
  });
  await eventually('handler running', () => (handlerStarted ? true : undefined));
  await bus.close();
  const closedAt = Date.now();
  assert.ok(handlerFinishedAt > 0 && handlerFinishedAt <= closedAt, 'close resolved after the handler finished');
  assert.equal(await fixture.committedOffset('draining', draining.name), 2);
  assert.equal(await recordCount(fixture.admin, downstream.name), 2, 'the in-flight batch could still publish');
});
