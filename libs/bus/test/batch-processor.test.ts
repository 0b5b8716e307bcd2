import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { KafkaJSProtocolError, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { Event } from '@demand/contracts';
import { BatchProcessor, type BatchRuntime } from '../src/batch-processor.js';
import { createBusMetrics } from '../src/bus.metrics.js';
import { KafkaEventBus } from '../src/kafka-bus.adapter.js';
import type { ConsumedRecord, ConsumerSpec } from '../src/bus.port.js';
import type { DeadLetter, RawRecord } from '../src/records.js';
import { recordingLogger, testTopic, transientError, viewEvent } from './support.js';

const topic = testTopic('unit.v1');

function raw(
  offset: number,
  value: Buffer | null = Buffer.from(Event.encode(viewEvent(`e${offset}`)).finish()),
): RawRecord {
  return {
    key: Buffer.from(`k${offset}`),
    value,
    headers: { h: Buffer.from('v') },
    offset: String(offset),
    timestamp: '1700000000000',
  };
}

function fakeRuntime(options: { activeFor?: number; failDeadLettersTimes?: number } = {}) {
  const letters: DeadLetter[] = [];
  const sleeps: number[] = [];
  let activeChecks = 0;
  let deadLetterFailures = options.failDeadLettersTimes ?? 0;
  const runtime: BatchRuntime = {
    isActive: () => ++activeChecks <= (options.activeFor ?? Infinity),
    sleep: async (ms) => void sleeps.push(ms),
    keepAlive: (work) => work(),
    deadLetter: async (batch) => {
      if (deadLetterFailures-- > 0) throw transientError('dlq down');
      letters.push(...batch);
    },
  };
  return { runtime, letters, sleeps };
}

function processor(handle: ConsumerSpec<Event>['handle'], attemptsBeforeIsolation = 3) {
  const registry = new Registry();
  const spec: ConsumerSpec<Event> = { groupId: 'g', topic, handle };
  const logger = recordingLogger();
  const p = new BatchProcessor(spec, {
    logger,
    metrics: createBusMetrics(registry),
    policy: { initialDelayMs: 10, maxDelayMs: 40, attemptsBeforeIsolation },
    random: () => 0,
  });
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;
  return { p, logger, metric };
}

test('decodes records for the handler and dead-letters the undecodable ones', async () => {
  const seen: ConsumedRecord<Event>[] = [];
  const { p, metric } = processor(async (batch) => void seen.push(...batch));
  const { runtime, letters } = fakeRuntime();
  const result = await p.process(2, [raw(10), raw(11, Buffer.from([0x0f])), raw(12, null), raw(13)], runtime);
  assert.equal(result, 'handled');
  assert.deepEqual(
    seen.map((r) => [r.value.eventId, r.key, r.offset, r.partition, r.headers.h, r.timestamp]),
    [
      ['e10', 'k10', '10', 2, 'v', 1700000000000],
      ['e13', 'k13', '13', 2, 'v', 1700000000000],
    ],
  );
  assert.deepEqual(
    letters.map((l) => [l.offset, l.stage, l.headers['x-error-stage'], l.headers['x-original-partition']]),
    [
      ['11', 'decode', 'decode', '2'],
      ['12', 'decode', 'decode', '2'],
    ],
  );
  assert.match(letters[0]!.reason, /cannot decode value/);
  assert.deepEqual(letters[0]!.value, Buffer.from([0x0f]));
  assert.equal((await metric('bus_records_consumed_total'))[0]!.value, 4);
  assert.equal((await metric('bus_records_dead_lettered_total'))[0]!.value, 2);
});

test('transient failures are retried with backoff until the handler succeeds; nothing is dead-lettered', async () => {
  let calls = 0;
  const { p, logger, metric } = processor(async () => {
    calls += 1;
    if (calls <= 5) throw transientError('store unavailable');
    assert.equal(p.isFailing(), true, 'failing while the errors last');
  }, 2);
  const { runtime, letters, sleeps } = fakeRuntime();
  assert.equal(await p.process(0, [raw(1), raw(2)], runtime), 'handled');
  assert.equal(calls, 6, 'transient errors never lead to isolation');
  assert.deepEqual(sleeps, [10, 20, 40, 40, 40]);
  assert.deepEqual(letters, []);
  assert.equal(p.isFailing(), false);
  assert.deepEqual(
    logger.lines.map((l) => l.fields.attempt),
    [1, 2, 3, 4, 5],
  );
  assert.equal((await metric('bus_handler_failures_total')).find((v) => v.labels.kind === 'transient')!.value, 5);
  assert.equal((await metric('bus_handler_retries_total'))[0]!.value, 5);
});

test('a stopping consumer abandons a failing batch without dead-lettering', async () => {
  const { p } = processor(async () => {
    throw transientError('down');
  });
  const { runtime, letters } = fakeRuntime({ activeFor: 3 });
  assert.equal(await p.process(0, [raw(1)], runtime), 'abandoned');
  assert.deepEqual(letters, []);
});

test('a poison record is isolated: only it is dead-lettered, with the attempts made', async () => {
  const handled: string[] = [];
  const { p, metric } = processor(async (batch) => {
    if (batch.some((r) => r.value.eventId === 'e2')) throw new Error('cannot price item');
    handled.push(...batch.map((r) => r.value.eventId));
  }, 2);
  const { runtime, letters } = fakeRuntime();
  assert.equal(await p.process(0, [raw(1), raw(2), raw(3)], runtime), 'handled');
  assert.deepEqual(handled, ['e1', 'e3']);
  assert.deepEqual(
    letters.map((l) => [l.offset, l.stage, l.reason, l.headers['x-attempts']]),
    [['2', 'handler', 'cannot price item', '3']],
  );
  assert.equal((await metric('bus_records_dead_lettered_total'))[0]!.labels.stage, 'handler');
});

test('records the handler rejects go to the DLQ with its reason', async () => {
  const { p } = processor(async (batch) => ({
    rejected: batch.filter((r) => r.offset === '5').map((record) => ({ record, reason: 'unknown item' })),
  }));
  const { runtime, letters } = fakeRuntime();
  assert.equal(await p.process(0, [raw(4), raw(5)], runtime), 'handled');
  assert.deepEqual(
    letters.map((l) => [l.offset, l.stage, l.headers['x-error']]),
    [['5', 'handler-rejected', 'unknown item']],
  );
});

test('dead-letter writes are retried until acknowledged, and abandoned when stopping', async () => {
  const { p } = processor(async () => undefined);
  const retried = fakeRuntime({ failDeadLettersTimes: 2 });
  assert.equal(await p.process(0, [raw(1, null)], retried.runtime), 'handled');
  assert.equal(retried.letters.length, 1);
  assert.equal(retried.sleeps.length, 2);
  const stopping = fakeRuntime({ failDeadLettersTimes: 5, activeFor: 1 });
  assert.equal(await p.process(0, [raw(1, null)], stopping.runtime), 'abandoned');
});

test('a durable promise is handed to runtime.defer when the consumer defers commits, awaited otherwise', async () => {
  let release!: () => void;
  const durable = new Promise<void>((resolve) => (release = resolve));
  const { p } = processor(async () => ({ rejected: [], durable }));

  const deferred: Promise<unknown>[] = [];
  const withDefer = fakeRuntime().runtime;
  withDefer.defer = (ack) => void deferred.push(ack);
  assert.equal(await p.process(0, [raw(0), raw(1)], withDefer), 'handled', 'handled before the rows are durable');
  assert.equal(deferred.length, 1);

  let settled = false;
  const awaited = p.process(0, [raw(2)], fakeRuntime().runtime).then((r) => ((settled = true), r));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false, 'without defer the batch is not handled until durable resolves');
  release();
  assert.equal(await awaited, 'handled');
  await deferred[0];
});

test('without defer, a rejected durable promise retries the batch like a failed handler', async () => {
  let calls = 0;
  const { p } = processor(async () => {
    calls += 1;
    return { rejected: [], durable: calls === 1 ? Promise.reject(transientError('insert failed')) : Promise.resolve() };
  });
  const { runtime, sleeps } = fakeRuntime();
  assert.equal(await p.process(0, [raw(0)], runtime), 'handled');
  assert.equal(calls, 2);
  assert.equal(sleeps.length, 1);
});

/** A bus whose producer the broker answers with `type` on every send (kafkajs's own error for it). */
function busRefusingSends(type: string, code: number) {
  const bus = new KafkaEventBus({
    clientId: 'refused',
    brokers: ['127.0.0.1:9'],
    logger: recordingLogger(),
    metricsRegistry: new Registry(),
  });
  const sends: number[] = [];
  const producer: Partial<Producer> = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async () => {
      sends.push(sends.length);
      throw new KafkaJSProtocolError(
        Object.assign(new Error(`broker refused: ${type}`), { type, code, retriable: false }),
      );
    },
  };
  (bus as unknown as { producer: Partial<Producer> }).producer = producer;
  return { bus, sends };
}

test("a handler's publish refused by authorization (an operator's ACL) is retried and dead-letters nothing", async () => {
  const { bus, sends } = busRefusingSends('TOPIC_AUTHORIZATION_FAILED', 29);
  const { p } = processor(
    (batch) =>
      bus.publish(
        topic,
        batch.map((r) => r.value),
      ),
    2,
  );
  const { runtime, letters } = fakeRuntime({ activeFor: 8 });
  assert.equal(await p.process(0, [raw(1), raw(2)], runtime), 'abandoned');
  assert.ok(sends.length >= 4, `retried past isolation: ${sends.length} sends`);
  assert.equal(p.isFailing(), true, 'unhealthy while refused');
  assert.deepEqual(letters, []);
  await bus.close();
});

test("a handler's publish of a record the broker finds too large stays permanent: the record is dead-lettered", async () => {
  const { bus } = busRefusingSends('MESSAGE_TOO_LARGE', 10);
  const { p } = processor(
    (batch) =>
      bus.publish(
        topic,
        batch.map((r) => r.value),
      ),
    2,
  );
  const { runtime, letters } = fakeRuntime();
  assert.equal(await p.process(0, [raw(1)], runtime), 'handled');
  assert.deepEqual(
    letters.map((l) => [l.offset, l.stage]),
    [['1', 'handler']],
  );
  assert.match(letters[0]!.reason, /MESSAGE_TOO_LARGE/);
  await bus.close();
});
