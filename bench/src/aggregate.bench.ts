// bench/aggregate: events per second from events.clean.v1 into ClickHouse (chdb) with every
// feature view on, at an empty store and again past 10M stored events, beside a raw chdb
// bulk insert of the same rows (the ceiling) in the same run.
import { ForgottenUsers } from '@demand/forgotten-users';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  Aggregator,
  ClickHouseEventStore,
  compactRow,
  EVENT_COLUMNS,
  EVENTS_TABLE,
  migrationsDirectory,
  CLEAN_EVENTS_CONSUMER,
  CleanEventsConsumer,
  toRows,
} from '@demand/aggregator';
import { createAnalyticsStore, runMigrations, splitStatements, type AnalyticsStore } from '@demand/analytics-store';
import { KafkaEventBus } from '@demand/bus';
import { CleanEvent, Topics } from '@demand/contracts';
import { startLocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { shopCleanEvents } from './clean-events.js';
import { cpuMicros, printBench, progress } from './report.js';

const EVENTS = Number(process.env.BENCH_AGGREGATE_EVENTS ?? 200_000);
const PREFILL = Number(process.env.BENCH_AGGREGATE_PREFILL ?? 10_000_000);
const INSERT_ROWS = 50_000;
/** 1: the five views migration 007 retired are created again from 003, to time the path with and without them. */
const RETIRED_VIEWS = process.env.BENCH_AGGREGATE_RETIRED_VIEWS === '1';
// prom-client as the bus itself resolves it (the bench does not depend on it directly).
const { Registry } = createRequire(import.meta.resolve('@demand/bus'))('prom-client') as { Registry: new () => never };
const logger = createLogger({ service: 'bench', level: 'warn', destination: process.stderr as never });

function cleanEvents(runId: string): CleanEvent[] {
  return shopCleanEvents(EVENTS, runId.length + 11, runId);
}

async function count(store: AnalyticsStore): Promise<number> {
  const rows = await store.query<{ n: number }>(`SELECT count() AS n FROM ${EVENTS_TABLE}`);
  return Number(rows[0]?.n ?? 0);
}

/** Raw ceiling: the same rows, encoded and inserted by chdb's own insert into a table without views. */
async function rawInsertRate(store: AnalyticsStore, events: CleanEvent[]): Promise<number> {
  await store.command(`CREATE TABLE raw_ceiling AS ${EVENTS_TABLE} ENGINE = MergeTree ORDER BY (item_id, event_id)`);
  const started = performance.now();
  const rows = toRows(events).events;
  for (let i = 0; i < rows.length; i += INSERT_ROWS)
    await store.insertCompact('raw_ceiling', EVENT_COLUMNS, rows.slice(i, i + INSERT_ROWS).map(compactRow));
  const rate = rows.length / ((performance.now() - started) / 1000);
  await store.command('DROP TABLE raw_ceiling');
  return rate;
}

/** Publishes the events, then consumes them with the aggregator's consumer; events/s from join to stored. */
async function aggregateRate(
  brokers: string[],
  store: AnalyticsStore,
  events: CleanEvent[],
  topic: string,
): Promise<{ rate: number; steady: number; cpuUsPerEvent: number }> {
  const definition = { ...Topics.eventsClean, name: topic, dlq: `${topic}.dlq` };
  const producer = new KafkaEventBus({ clientId: 'bench-producer', brokers, logger, metricsRegistry: new Registry() });
  for (let i = 0; i < events.length; i += 2000) await producer.publish(definition, events.slice(i, i + 2000));
  await producer.close();

  const before = await count(store);
  const bus = new KafkaEventBus({
    clientId: 'bench-aggregator',
    brokers,
    logger,
    metricsRegistry: new Registry(),
    consumer: { partitionsConsumedConcurrently: 8 },
  });
  const eventStore = new ClickHouseEventStore(store);
  const aggregator = new Aggregator(eventStore);
  // The aggregator's own consumer and spec, pointed at the bench's topic.
  const consumer = new CleanEventsConsumer(aggregator, logger, new ForgottenUsers());
  await bus.subscribe({
    ...CLEAN_EVENTS_CONSUMER,
    topic: { ...CLEAN_EVENTS_CONSUMER.topic, name: topic, dlq: definition.dlq },
    handle: (batch) => consumer.cleanEvents(batch),
  });
  const started = performance.now();
  const cpu = cpuMicros();
  let last = 0;
  let tenth: { at: number; stored: number } | undefined;
  for (;;) {
    const stored = (await count(store)) - before;
    if (!tenth && stored >= events.length / 10) tenth = { at: performance.now(), stored };
    if (stored >= events.length) break;
    if (performance.now() - started > last + 2000) {
      last += 2000;
      progress(`  ${stored} stored at ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  const used = cpu();
  await bus.close();
  await eventStore.close();
  // Steady state: from the poll that first saw a tenth of the events stored to the end (the
  // first seconds after the join are fetch ramp-up and first inserts into fresh tables).
  const steady = tenth && ended > tenth.at ? (events.length - tenth.stored) / ((ended - tenth.at) / 1000) : 0;
  return { rate: events.length / seconds, steady, cpuUsPerEvent: used / events.length };
}

async function mergesSettled(store: AnalyticsStore, limitMs: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const merges = await store.query<{ n: number }>('SELECT count() AS n FROM system.merges');
    if (Number(merges[0]?.n ?? 0) === 0 || performance.now() - started > limitMs) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function prefill(store: AnalyticsStore, rows: number): Promise<void> {
  const chunk = 1_000_000;
  for (let start = 0; start < rows; start += chunk) {
    const started = performance.now();
    await store.command(`INSERT INTO ${EVENTS_TABLE}
      SELECT
        concat('prefill-', toString(number)) AS event_id,
        ['view', 'view', 'view', 'view', 'click', 'search', 'add_to_cart', 'remove_from_cart', 'purchase', 'review'][number % 10 + 1] AS kind,
        concat('pu', toString(number % 200000)) AS user_id,
        concat('ps', toString(intDiv(number, 8))) AS session_id,
        if(number % 10 = 5, '', concat('pi', toString(number % 20000))) AS item_id,
        toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(number % 15552000) AS occurred_at,
        occurred_at AS received_at,
        'web' AS source,
        toUInt32(if(number % 10 IN (6, 7, 8), 1 + number % 3, 0)) AS quantity,
        if(number % 10 IN (6, 8), 10 + number % 90, 0) AS unit_price,
        'CNY' AS currency,
        toUInt8(if(number % 10 = 9, 1 + number % 5, 0)) AS rating,
        '' AS text, '' AS query,
        if(number % 10 = 8, concat('po', toString(number)), '') AS order_id,
        [] AS flags
      FROM numbers(${start}, ${Math.min(chunk, rows - start)})`);
    progress(
      `  prefilled ${Math.min(start + chunk, rows)} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-aggregate-'));
const broker = await startLocalBroker({
  brokers: 1,
  topics: [
    { name: 'bench.clean.warm.v1', partitions: 8 },
    { name: 'bench.clean.empty.v1', partitions: 8 },
    { name: 'bench.clean.full.v1', partitions: 8 },
  ],
});
// The prefill inserts a million rows per statement: on a loaded box that can take more than the default minute.
const store = createAnalyticsStore({ mode: 'embedded', path: dataDir, statementTimeoutMs: 600_000 });
try {
  await runMigrations(store, { owner: 'aggregator', directory: migrationsDirectory });
  if (RETIRED_VIEWS) {
    const retired =
      /^CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS (user_hourly|user_item_state|user_purchases|session_items|item_sessions)(_mv)?\s/;
    const sql = readFileSync(path.join(migrationsDirectory, '003_feature_store.sql'), 'utf8');
    for (const statement of splitStatements(sql).filter((s) => retired.test(s.trim()))) await store.command(statement);
    progress('aggregate: with the five views (and their tables) migrations 007 and 009 retired');
  }
  const first = cleanEvents('bencha');
  const second = cleanEvents('benchb');
  const bytes = first.reduce((n, e) => n + CleanEvent.encode(e).finish().length, 0) / first.length;
  progress(`aggregate: ${first.length} clean events per run, mean ${Math.round(bytes)} bytes`);

  // Warm-up: the same path once on other events (JIT, first inserts, broker connections), then
  // every table emptied again, so the first figure is the empty store's, not the process's start.
  const warm = await aggregateRate(
    broker.bootstrapServers,
    store,
    cleanEvents('benchw').slice(0, 40_000),
    'bench.clean.warm.v1',
  );
  progress(`aggregate: warm-up ${Math.round(warm.rate)} events/s`);
  const tables = await store.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree' AND name NOT LIKE 'schema_%'",
  );
  for (const { name } of tables) await store.command(`TRUNCATE TABLE ${name}`);
  // The warm-up's merges would slow whichever insert comes first: both start on a quiet engine.
  await mergesSettled(store, 60_000);
  const raw = await rawInsertRate(store, first);
  progress(`aggregate: raw chdb insert (no views) ${Math.round(raw)} rows/s`);
  const empty = await aggregateRate(broker.bootstrapServers, store, first, 'bench.clean.empty.v1');
  progress(
    `aggregate: empty store ${Math.round(empty.rate)} events/s, ${empty.cpuUsPerEvent.toFixed(1)} µs CPU/event in Node`,
  );

  const started = performance.now();
  await prefill(store, PREFILL);
  progress(
    `aggregate: prefilled ${PREFILL} rows through every view in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  // The prefill leaves large merges running (10M rows through every view); the figure is about
  // the sink's cost at this table size, so it is taken once they are done (at most 5 minutes).
  const settling = performance.now();
  await mergesSettled(store, 300_000);
  progress(`aggregate: merges after the prefill settled in ${((performance.now() - settling) / 1000).toFixed(0)} s`);
  const raw2 = await rawInsertRate(store, second);
  const full = await aggregateRate(broker.bootstrapServers, store, second, 'bench.clean.full.v1');
  progress(
    `aggregate: past ${(await count(store)) / 1e6}M rows ${Math.round(full.rate)} events/s (steady ${Math.round(full.steady)}, raw ${Math.round(raw2)}), ${full.cpuUsPerEvent.toFixed(1)} µs CPU/event in the process`,
  );

  printBench('aggregate_clean_to_clickhouse', empty.rate, 'events/s', raw);
  printBench('aggregate_clean_to_clickhouse_past_10m', full.rate, 'events/s', empty.rate);
  printBench('aggregate_clean_to_clickhouse_steady', empty.steady, 'events/s', raw);
  printBench('aggregate_clean_to_clickhouse_past_10m_steady', full.steady, 'events/s', empty.steady);
  printBench('aggregate_raw_chdb_insert', raw, 'rows/s', raw);
  printBench('aggregate_raw_chdb_insert_past_10m', raw2, 'rows/s', raw);
} finally {
  await store.close();
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
