// bench/preprocess: behaviour events/s and review/dialog texts/s through collector →
// preprocessor (validation, de-duplication, currency, unknown items, bots, pseudonyms, PII
// masking, segmentation, entities: every rule on), beside bare kafkajs on the same broker.
// The collector and the preprocessor run as their own processes from their production
// entry points, as in a deployment; this process is only the load client (TrackBatch
// over gRPC) and watches consumer lag. The bare-kafkajs ceiling runs in this process
// before the services get any traffic. CPU per event is read from each service's own
// /metrics (all its threads, GC included) against bare kafkajs's CPU per produced and
// consumed record in this process: the goal of 50k events/s on two cores leaves 40 µs.
import { Event, Topics, type ItemUpsert } from '@demand/contracts';
import { createShop } from '@demand/testkit';
import { initTelemetry } from '@demand/telemetry';
import { bareProduceConsumeRate } from './bare-kafka.js';
import { nonNegativeIntFromEnv, positiveIntFromEnv } from './env.js';
import {
  cpuSeconds,
  encodeTrackBatches,
  handlerCalls,
  processCpuSeconds,
  sendTrackBatches,
  startPipelineStages,
  topicSize,
  waitUntilCaughtUp,
} from './pipeline-stages.js';
import { cpuMicros, printBench, progress } from './report.js';
import { benchTexts } from './text-workload.js';
import { separateWarmUpEvents } from './warm-up.js';

// BENCH_PREPROCESS_EVENTS and BENCH_PREPROCESS_TEXTS size the two runs (shorter runs for paired comparisons).
const BEHAVIOUR_EVENTS = positiveIntFromEnv('BENCH_PREPROCESS_EVENTS', 100_000);
const TEXTS = positiveIntFromEnv('BENCH_PREPROCESS_TEXTS', 30_000);
// BENCH_PREPROCESS_WARM_UP_EVENTS (200,000 by default; 0 for fresh processes): behaviour events of a separate shop
// (separateWarmUpEvents) sent and preprocessed before any clock starts, so the measured run meets warm processes,
// as a running pipeline is, without meeting its own users' state (a fresh collector's first ≈ 100k events cost two
// to three times a warm one's CPU: JIT tiers, V8's compile threads; docs/benchmarks.md, session 15).
const WARM_UP_EVENTS = nonNegativeIntFromEnv('BENCH_PREPROCESS_WARM_UP_EVENTS', 200_000);
const telemetry = initTelemetry({ serviceName: 'bench' });
const stages = await startPipelineStages(['preprocessor', 'collector']);
try {
  const shop = createShop({ seed: 11, users: 5000, items: 500, startDay: '2026-09-01' });
  const run = shop.generateEvents({ maxEvents: BEHAVIOUR_EVENTS, runId: 'bench', bots: { sessionRate: 0.02 } });
  const events = [...run];
  const texts = benchTexts(shop, TEXTS);
  const encode = (list: readonly Event[]) => list.map((e) => Buffer.from(Event.encode(e).finish()));
  const eventBytes = encode(events);
  const textBytes = encode(texts);
  const meanBytes = (b: Buffer[]) => Math.round(b.reduce((n, x) => n + x.length, 0) / b.length);
  progress(
    `preprocess: ${events.length} events (${run.truth.counts.botEvents} by bots), mean ${meanBytes(eventBytes)} bytes; ${texts.length} texts, mean ${meanBytes(textBytes)} bytes`,
  );

  await stages.broker.createTopics([
    { name: 'bench.bare.events.v1', partitions: 8 },
    { name: 'bench.bare.texts.v1', partitions: 8 },
  ]);
  const bareCpu = cpuMicros();
  const bareBrokerCpuBefore = processCpuSeconds(stages.broker.pid);
  const eventCeiling = await bareProduceConsumeRate(
    stages.broker.bootstrapServers,
    'bench.bare.events.v1',
    eventBytes,
    1000,
  );
  const bareCpuPerEvent = bareCpu() / eventBytes.length;
  const bareBrokerCpuPerEvent =
    ((processCpuSeconds(stages.broker.pid) - bareBrokerCpuBefore) * 1e6) / eventBytes.length;
  const textCeiling = await bareProduceConsumeRate(
    stages.broker.bootstrapServers,
    'bench.bare.texts.v1',
    textBytes,
    1000,
  );
  progress(
    `preprocess: bare kafkajs produce+consume ${Math.round(eventCeiling)} events/s, ${Math.round(textCeiling)} texts/s`,
  );

  const items = shop
    .itemUpsertEvents()
    .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
  await new Promise((resolve, reject) =>
    stages.collector.upsertItems({ items }, (error, response) => (error ? reject(error) : resolve(response))),
  );
  await waitUntilCaughtUp(stages.admin, 'preprocessor', Topics.eventsRaw.name, 60_000);
  if (WARM_UP_EVENTS > 0) {
    const warmUp = separateWarmUpEvents(events, WARM_UP_EVENTS);
    await sendTrackBatches(stages.collectorAddress, encodeTrackBatches(warmUp, 1000), 4);
    await waitUntilCaughtUp(stages.admin, 'preprocessor', Topics.eventsRaw.name, 300_000);
    progress(`preprocess: ${warmUp.length} warm-up events sent and preprocessed before the clock`);
  }

  const serviceCpu = () =>
    Promise.all(['collector', 'preprocessor'].map((name) => cpuSeconds(stages.services.get(name)!)));
  // Kafka records (a batched record holds many events) on the topic in and the topic out.
  const recordCounts = () =>
    Promise.all([Topics.eventsRaw.name, Topics.eventsClean.name].map((topic) => topicSize(stages.admin, topic)));
  const measure = async (name: string, list: readonly Event[]) => {
    const requests = encodeTrackBatches(list, 1000);
    const textsBefore = await topicSize(stages.admin, Topics.textsClean.name);
    const recordsBefore = await recordCounts();
    const cpuBefore = await serviceCpu();
    const brokerCpuBefore = processCpuSeconds(stages.broker.pid);
    const callsBefore = await handlerCalls(stages.services.get('preprocessor')!, Topics.eventsRaw.name);
    const started = Date.now();
    await sendTrackBatches(stages.collectorAddress, requests, 4);
    const sent = Date.now();
    const finished = await waitUntilCaughtUp(stages.admin, 'preprocessor', Topics.eventsRaw.name, 300_000);
    const brokerCpu = ((processCpuSeconds(stages.broker.pid) - brokerCpuBefore) * 1e6) / list.length;
    const published = (await topicSize(stages.admin, Topics.textsClean.name)) - textsBefore;
    const [rawRecords, cleanRecords] = (await recordCounts()).map((after, i) => after - recordsBefore[i]!);
    const calls = (await handlerCalls(stages.services.get('preprocessor')!, Topics.eventsRaw.name)) - callsBefore;
    const [collectorCpu, preprocessorCpu] = (await serviceCpu()).map(
      (after, i) => ((after - cpuBefore[i]!) * 1e6) / list.length,
    );
    progress(
      `  ${name}: accepted by the collector in ${((sent - started) / 1000).toFixed(1)} s, all preprocessed ${((finished - sent) / 1000).toFixed(1)} s later, ${published} clean texts`,
    );
    return {
      rate: list.length / ((finished - started) / 1000),
      intakeRate: list.length / ((sent - started) / 1000),
      published,
      collectorCpu: collectorCpu!,
      preprocessorCpu: preprocessorCpu!,
      brokerCpu,
      eventsPerCall: list.length / calls,
      eventsPerRawRecord: list.length / rawRecords!,
      eventsPerCleanRecord: list.length / cleanRecords!,
    };
  };

  const behaviour = await measure('behaviour', events);
  const textRun = await measure('texts', texts);
  if (textRun.published !== texts.length)
    throw new Error(`expected ${texts.length} clean texts, got ${textRun.published}`);

  printBench('preprocess_behaviour_collector_to_clean', behaviour.rate, 'events/s', eventCeiling);
  printBench('preprocess_behaviour_collector_intake', behaviour.intakeRate, 'events/s', eventCeiling);
  printBench('preprocess_texts_segmented_masked', textRun.rate, 'texts/s', textCeiling);
  printBench('preprocess_texts_collector_intake', textRun.intakeRate, 'texts/s', textCeiling);
  printBench('preprocess_bare_kafkajs_produce_consume', eventCeiling, 'events/s', eventCeiling);
  printBench('preprocess_behaviour_collector_cpu_per_event', behaviour.collectorCpu, 'us', bareCpuPerEvent);
  printBench('preprocess_behaviour_preprocessor_cpu_per_event', behaviour.preprocessorCpu, 'us', bareCpuPerEvent);
  // The broker's, collector's writes and preprocessor's fetches and writes together; baseline: the broker's CPU an
  // event in the bare run (one record an event, produced and consumed once; its 3 s idle start polled too).
  printBench('preprocess_behaviour_broker_cpu_per_event', behaviour.brokerCpu, 'us', bareBrokerCpuPerEvent);
  printBench('preprocess_texts_preprocessor_cpu_per_text', textRun.preprocessorCpu, 'us', bareCpuPerEvent);
  printBench('preprocess_bare_kafkajs_cpu_per_event', bareCpuPerEvent, 'us', bareCpuPerEvent);
  // Each handler call pays fixed costs (fetch, spans, one produce request with acks from all replicas).
  printBench('preprocess_behaviour_events_per_handler_call', behaviour.eventsPerCall, 'events', 1000);
  // Events per Kafka record as the collector writes them, and as the preprocessor writes them (baseline: the former).
  printBench('preprocess_behaviour_events_per_raw_record', behaviour.eventsPerRawRecord, 'events', 1000);
  printBench(
    'preprocess_behaviour_events_per_clean_record',
    behaviour.eventsPerCleanRecord,
    'events',
    behaviour.eventsPerRawRecord,
  );
} finally {
  await stages.stop();
  await telemetry.shutdown();
}
