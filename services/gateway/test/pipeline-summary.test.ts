import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { PipelineMonitor } from '../src/domain/pipeline-monitor.js';
import { summarisePipeline } from '../src/domain/pipeline-summary.js';
import { parsePrometheusText } from '../src/domain/prometheus-text.js';

const collector = `
# HELP bus_records_published_total Records acknowledged by the broker
# TYPE bus_records_published_total counter
bus_records_published_total{topic="events.raw.v1",service="collector"} 1000
grpc_server_handled_total{method="/demand.v1.Collector/TrackBatch",code="OK",service="collector"} 9
grpc_server_handled_total{method="/demand.v1.Collector/TrackBatch",code="3",service="collector"} 2
`;
const preprocessor = `
bus_records_consumed_total{topic="events.raw.v1",group="preprocessor",service="preprocessor"} 940
bus_handler_failures_total{topic="events.raw.v1",group="preprocessor",kind="transient",service="preprocessor"} 3
bus_handler_failures_total{topic="events.raw.v1",group="preprocessor",kind="permanent",service="preprocessor"} 1
bus_handler_retries_total{topic="events.raw.v1",group="preprocessor",service="preprocessor"} 3
bus_records_dead_lettered_total{topic="events.raw.v1",stage="validate",service="preprocessor"} 5
bus_records_published_total{topic="events.clean.v1",service="preprocessor"} 935
`;

test('the exposition text is read into samples, labels unescaped, comments skipped', () => {
  const samples = parsePrometheusText('# HELP x y\nx_total{a="q\\"uote",b="2"} 3.5\nbad line\ny 1e3\n');
  assert.deepEqual(
    samples.map((s) => ({ ...s, labels: { ...s.labels } })),
    [
      { name: 'x_total', labels: { a: 'q"uote', b: '2' }, value: 3.5 },
      { name: 'y', labels: {}, value: 1000 },
    ],
  );
});

test('stages, lag, dead letters and gRPC errors come from the services counters; a silent service is down', () => {
  const summary = summarisePipeline(
    [
      { service: 'collector', samples: parsePrometheusText(collector) },
      { service: 'preprocessor', samples: parsePrometheusText(preprocessor) },
      { service: 'aggregator', samples: undefined, error: 'connect ECONNREFUSED' },
    ],
    new Date('2026-12-05T03:00:00Z'),
  );
  assert.deepEqual(summary.services, [
    { name: 'collector', up: true },
    { name: 'preprocessor', up: true },
    { name: 'aggregator', up: false, error: 'connect ECONNREFUSED' },
  ]);
  assert.deepEqual(summary.stages, [
    {
      service: 'preprocessor',
      topic: 'events.raw.v1',
      group: 'preprocessor',
      consumed: 940,
      failures: 4,
      retries: 3,
      backlog: 60,
    },
  ]);
  assert.deepEqual(summary.deadLetters, [
    { service: 'preprocessor', topic: 'events.raw.v1', stage: 'validate', records: 5 },
  ]);
  assert.deepEqual(summary.grpc, [
    { service: 'collector', method: '/demand.v1.Collector/TrackBatch', calls: 11, errors: 2 },
  ]);
});

test('the monitor takes each stage lag from the broker, and keeps the estimate with the reason when it cannot', async () => {
  const texts: Record<string, string> = { 'http://collector': collector, 'http://preprocessor': preprocessor };
  const scraper = { scrape: async (url: string) => texts[url]! };
  const targets = [
    { name: 'collector', url: 'http://collector' },
    { name: 'preprocessor', url: 'http://preprocessor' },
  ];
  const asked: unknown[] = [];
  const broker = {
    lag: async (stages: readonly { topic: string; group: string }[]) => {
      asked.push(stages.map((s) => `${s.topic}|${s.group}`));
      return new Map([['events.raw.v1|preprocessor', 7]]);
    },
  };
  const now = () => new Date('2026-12-05T03:00:00Z');
  const read = await new PipelineMonitor(targets, scraper, now, broker).summary();
  assert.deepEqual(asked, [['events.raw.v1|preprocessor']]);
  assert.deepEqual(
    read.stages.map((s) => [s.lag, s.backlog]),
    [[7, 60]],
  );
  assert.equal(read.lagError, undefined);
  const down = { lag: async () => Promise.reject(new Error('connection refused')) };
  const estimated = await new PipelineMonitor(targets, scraper, now, down).summary();
  assert.deepEqual(
    estimated.stages.map((s) => [s.lag, s.backlog]),
    [[undefined, 60]],
  );
  assert.equal(estimated.lagError, 'connection refused');
});
