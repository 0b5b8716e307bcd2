import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { MAX_VALUES_PER_RECORD } from '@demand/bus';
import type { ConfigError } from '@demand/config';
import { defaultEventLimits } from '@demand/event-validation';
import { loadCollectorConfig } from '../src/config.js';

test('the intake limits are configurable and checked', () => {
  const config = loadCollectorConfig({ COLLECTOR_MAX_BATCH_EVENTS: '200', COLLECTOR_MAX_TEXT_LENGTH: '500' });
  assert.deepEqual(config.limits, { ...defaultEventLimits, maxBatchEvents: 200, maxTextLength: 500 });
  assert.throws(
    () => loadCollectorConfig({ COLLECTOR_MAX_BATCH_EVENTS: '0', COLLECTOR_MAX_TEXT_LENGTH: 'lots' }),
    (e: ConfigError) =>
      e.problems.length === 2 && e.problems.every((p) => /^COLLECTOR_MAX_(BATCH_EVENTS|TEXT_LENGTH): /.test(p)),
  );
});

test('the produce linger is 5 ms unless configured, and never negative', () => {
  assert.equal(loadCollectorConfig({}).produceLingerMs, 5);
  assert.equal(loadCollectorConfig({ COLLECTOR_PRODUCE_LINGER_MS: '0' }).produceLingerMs, 0);
  assert.throws(
    () => loadCollectorConfig({ COLLECTOR_PRODUCE_LINGER_MS: '-1' }),
    (e: ConfigError) => e.problems.length === 1 && e.problems[0]!.startsWith('COLLECTOR_PRODUCE_LINGER_MS: '),
  );
});

test('calls share records for 10 ms and up to 1000 events a partition unless configured; both checked', () => {
  assert.deepEqual(loadCollectorConfig({}).record, { lingerMs: 10, maxEvents: 1000 });
  assert.deepEqual(
    loadCollectorConfig({ COLLECTOR_RECORD_LINGER_MS: '0', COLLECTOR_RECORD_MAX_EVENTS: '500' }).record,
    { lingerMs: 0, maxEvents: 500 },
  );
  assert.throws(
    () => loadCollectorConfig({ COLLECTOR_RECORD_LINGER_MS: '-1', COLLECTOR_RECORD_MAX_EVENTS: '0' }),
    (e: ConfigError) =>
      e.problems.length === 2 && e.problems.every((p) => /^COLLECTOR_RECORD_(LINGER_MS|MAX_EVENTS): /.test(p)),
  );
});

test('a record linger not finite or over 1000 ms is refused (it would be a 1 ms timer or time calls out)', () => {
  for (const lingerMs of ['Infinity', '2147483648', '1001']) {
    assert.throws(
      () => loadCollectorConfig({ COLLECTOR_RECORD_LINGER_MS: lingerMs }),
      (e: ConfigError) => e.problems.length === 1 && e.problems[0]!.startsWith('COLLECTOR_RECORD_LINGER_MS: '),
    );
  }
  assert.equal(loadCollectorConfig({ COLLECTOR_RECORD_LINGER_MS: '1000' }).record.lingerMs, 1000);
});

test("a record cap over the bus's 1000 values a record is refused (the bus would cap it silently)", () => {
  assert.throws(
    () => loadCollectorConfig({ COLLECTOR_RECORD_MAX_EVENTS: String(MAX_VALUES_PER_RECORD + 1) }),
    (e: ConfigError) => e.problems.length === 1 && e.problems[0]!.startsWith('COLLECTOR_RECORD_MAX_EVENTS: '),
  );
});
