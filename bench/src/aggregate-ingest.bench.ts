// bench/aggregate-ingest: the aggregator's own share of an event's CPU, without Kafka. Batched clean
// records (125 events each, as the preprocessor writes them) are decoded as the aggregator's consumer
// decodes them and handed to its CleanEventsConsumer, two records a call, and its store inserts them
// into clean_events with every view on (50k-row inserts: the topic is read from a backlog). Process
// CPU (JS and chdb's threads) per event until every insert is done, and of the main (JavaScript) thread alone
// (the rest is chdb's insert and views, V8's GC helpers and libuv), against, in the same run:
// the same rows inserted into a copy of the table without views or projection (the insert alone);
// and, for the decode, the generated CleanEvent decoder + toRows against the consumer's row codec.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Aggregator,
  CLEAN_EVENTS_CONSUMER,
  ClickHouseEventStore,
  CleanEventsConsumer,
  compactRow,
  decodeIngestedBatch,
  EVENT_COLUMNS,
  EVENTS_TABLE,
  type IngestedEvent,
  migrationsDirectory,
  toRows,
} from '@demand/aggregator';
import type { ConsumedRecord } from '@demand/bus';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { CleanEventBatch, Topics, valuesOfRecord } from '@demand/contracts';
import { ForgottenUsers } from '@demand/forgotten-users';
import { createLogger } from '@demand/telemetry';
import { shopCleanEvents } from './clean-events.js';
import { cpuMicros, median, printBench, progress, threadCpuMicros } from './report.js';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 3);
const PER_RECORD = 125;
const logger = createLogger({ service: 'bench', level: 'warn', destination: process.stderr as never });

function batchedRecords(): Buffer[] {
  const events = shopCleanEvents(EVENTS, 29, 'ingest');
  const records: Buffer[] = [];
  for (let i = 0; i < events.length; i += PER_RECORD)
    records.push(Buffer.from(CleanEventBatch.encode({ events: events.slice(i, i + PER_RECORD) }).finish()));
  return records;
}

const contentType = Topics.eventsClean.batched!.contentType;

/** The consumer's path: records → values → CleanEventsConsumer → its store; µs per event, all threads and main. */
async function consumerPath(
  store: ReturnType<typeof createAnalyticsStore>,
  records: Buffer[],
): Promise<{ process: number; mainThread: number }> {
  const eventStore = new ClickHouseEventStore(store);
  const aggregator = new Aggregator(eventStore);
  // The service's profile refresh listens; its per-batch sets and item events are made for any listener.
  aggregator.onStored(() => undefined);
  const consumer = new CleanEventsConsumer(aggregator, logger, new ForgottenUsers());
  const used = cpuMicros();
  const usedHere = threadCpuMicros();
  const durable: Promise<unknown>[] = [];
  for (let i = 0; i < records.length; i += 2) {
    const batch: ConsumedRecord<IngestedEvent>[] = [];
    for (const [r, bytes] of records.slice(i, i + 2).entries()) {
      const values = valuesOfRecord(CLEAN_EVENTS_CONSUMER.topic, bytes, contentType);
      const offset = String(i + r);
      for (const [index, value] of values.entries())
        batch.push({ value, key: null, headers: {}, partition: 0, offset, timestamp: 0, indexInRecord: index });
    }
    durable.push((await consumer.cleanEvents(batch)).durable ?? Promise.resolve());
  }
  await Promise.all(durable);
  const micros = used();
  const mainThread = usedHere();
  await eventStore.close();
  return { process: micros / EVENTS, mainThread: mainThread / EVENTS };
}

/** The same rows straight into a copy of clean_events without views or projection; µs per row. */
async function insertAlone(store: ReturnType<typeof createAnalyticsStore>, rows: unknown[][]): Promise<number> {
  await store.command(`CREATE TABLE bare_events AS ${EVENTS_TABLE} ENGINE = MergeTree ORDER BY (item_id, event_id)`);
  const used = cpuMicros();
  for (let i = 0; i < rows.length; i += 50_000)
    await store.insertCompact('bare_events', EVENT_COLUMNS, rows.slice(i, i + 50_000));
  const micros = used();
  await store.command('DROP TABLE bare_events');
  return micros / rows.length;
}

function decodeCost(records: Buffer[], decode: (record: Buffer) => number): number {
  const used = cpuMicros();
  let events = 0;
  for (const record of records) events += decode(record);
  if (events !== EVENTS) throw new Error(`decoded ${events} of ${EVENTS} events`);
  return used() / EVENTS;
}

const records = batchedRecords();
const rows = toRows(records.flatMap((r) => CleanEventBatch.decode(r).events)).events.map(compactRow);
progress(`aggregate-ingest: ${EVENTS} events in ${records.length} batched records`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
const store = createAnalyticsStore({ mode: 'embedded', path: dataDir, statementTimeoutMs: 600_000 });
try {
  await runMigrations(store, { owner: 'aggregator', directory: migrationsDirectory });
  const consumer: number[] = [];
  const mainThread: number[] = [];
  const alone: number[] = [];
  const generated: number[] = [];
  const codec: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts on empty tables, so the rounds are alike.
    for (const { name } of await store.query<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree' AND name NOT LIKE 'schema_%'",
    ))
      await store.command(`TRUNCATE TABLE ${name}`);
    alone.push(await insertAlone(store, rows));
    const cost = await consumerPath(store, records);
    consumer.push(cost.process);
    mainThread.push(cost.mainThread);
    generated.push(decodeCost(records, (r) => toRows(CleanEventBatch.decode(r).events).events.length));
    codec.push(decodeCost(records, (r) => decodeIngestedBatch(r).filter((value) => value.row).length));
    progress(
      `  round ${round + 1}: consumer ${consumer.at(-1)!.toFixed(2)} µs/event (main thread ${mainThread.at(-1)!.toFixed(2)}), insert alone ${alone.at(-1)!.toFixed(2)}, ` +
        `decode ${codec.at(-1)!.toFixed(2)} (generated + toRows ${generated.at(-1)!.toFixed(2)})`,
    );
  }
  printBench('aggregate_consumer_cpu_per_event', median(consumer), 'us', median(alone));
  printBench('aggregate_consumer_main_thread_cpu_per_event', median(mainThread), 'us', median(consumer));
  printBench('aggregate_insert_alone_cpu_per_row', median(alone), 'us', median(alone));
  printBench('aggregate_decode_cpu_per_event', median(codec), 'us', median(generated));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
