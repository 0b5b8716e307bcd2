// bench/ingest: events per second from TrackBatch to rows in ClickHouse through
// collector → preprocessor → aggregator, against bare kafkajs on the same broker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalPlatform, storedEventCounter, streamShop } from '@demand/all-in-one';
import { Event } from '@demand/contracts';
import { createShop } from '@demand/testkit';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { bareProduceConsumeRate } from './bare-kafka.js';
import { printBench, progress } from './report.js';

const EVENTS = 100_000;
const telemetry = initTelemetry({ serviceName: 'bench' });
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
const platform = await startLocalPlatform({
  dataDir,
  env: { LOG_LEVEL: 'warn' },
  fixedPorts: false,
  loggerFor: (service) => createLogger({ service, level: 'warn', destination: process.stderr as never }),
});
try {
  const shop = createShop({ seed: 11, users: 5000, items: 500, startDay: '2026-09-01' });
  const events = [...shop.generateEvents({ maxEvents: EVENTS, runId: 'bench' })];
  const bytes = events.map((e) => Buffer.from(Event.encode(e).finish()));
  progress(
    `ingest: ${events.length} events, mean ${Math.round(bytes.reduce((n, b) => n + b.length, 0) / bytes.length)} bytes`,
  );

  await platform.broker.createTopics([{ name: 'bench.bare.v1', partitions: 8 }]);
  const ceiling = await bareProduceConsumeRate(platform.kafkaBrokers, 'bench.bare.v1', bytes, 1000);
  progress(`ingest: bare kafkajs produce+consume ${Math.round(ceiling)} events/s`);

  const started = Date.now();
  await streamShop(shop, events, events.length, {
    collectorAddress: platform.grpcAddress('collector'),
    storedEvents: storedEventCounter(platform.analytics),
    batchSize: 1000,
    maxInFlight: 60_000,
    onProgress: (p) =>
      progress(`  sent ${p.sent} stored ${p.stored} at ${((Date.now() - started) / 1000).toFixed(1)} s`),
  });
  for (const name of ['preprocessor', 'aggregator']) {
    const text = await (await fetch(`http://127.0.0.1:${platform.services.get(name)!.httpPort}/metrics`)).text();
    progress(
      text
        .split('\n')
        .filter((l) => /batch.*(_sum|_count)/.test(l))
        .join('\n'),
    );
  }
  const pipeline = events.length / ((Date.now() - started) / 1000);
  printBench('ingest_pipeline_trackbatch_to_clickhouse', pipeline, 'events/s', ceiling);
  printBench('ingest_bare_kafkajs_produce_consume', ceiling, 'events/s', ceiling);
} finally {
  await platform.stop();
  await telemetry.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
}
