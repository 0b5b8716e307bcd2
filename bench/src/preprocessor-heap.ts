// bench/preprocessor-heap: what grows in the preprocessor under a steady load (not part of `make bench`).
// The preprocessor alone as its own process, fed the soak's stream (restartStreamEvents) as the
// collector writes it (batched records on events.raw.v1, received_at stamped) at
// HEAP_EVENTS_PER_SECOND (500) for HEAP_SECONDS (840), with PREPROCESSOR_NODE_OPTIONS as its NODE_OPTIONS;
// its resident memory and heap in use are printed every HEAP_SAMPLE_SECONDS (30) with V8's reserve per
// heap space, and a V8 heap snapshot is written at each of HEAP_SNAPSHOT_SECONDS (300,780; empty: none)
// into HEAP_SNAPSHOT_DIR. Compare two snapshots with `node bench/dist/src/heap-compare.js <earlier> <later>`.
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaEventBus } from '@demand/bus';
import { allTopicNames, Topics } from '@demand/contracts';
import { startLocalBroker } from '@demand/kafka-broker';
import { startServiceProcess } from '@demand/service-process';
import { createLogger } from '@demand/telemetry';
import { restartStreamEvents } from '@demand/test-e2e';
import { progress } from './report.js';
import { serviceNodeOptions } from './service-node-options.js';

const SECONDS = Number(process.env.HEAP_SECONDS ?? 840);
const EVENTS_PER_SECOND = Number(process.env.HEAP_EVENTS_PER_SECOND ?? 500);
const SAMPLE_S = Number(process.env.HEAP_SAMPLE_SECONDS ?? 30);
const SNAPSHOTS_S = (process.env.HEAP_SNAPSHOT_SECONDS ?? '300,780').split(',').filter(Boolean).map(Number);
const SNAPSHOT_DIR = process.env.HEAP_SNAPSHOT_DIR ?? path.join(tmpdir(), 'preprocessor-heap');
const BATCH = 100;
/** Extra environment of the preprocessor (`MALLOC_ARENA_MAX=2`); its Node options: PREPROCESSOR_NODE_OPTIONS. */
const SERVICE_ENV = Object.fromEntries(
  (process.env.HEAP_SERVICE_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);

const root = fileURLToPath(new URL('../../../', import.meta.url));
const { Registry } = createRequire(import.meta.resolve('@demand/bus'))('prom-client') as { Registry: new () => never };
const logger = createLogger({ service: 'bench', level: 'warn', destination: process.stderr as never });
/** Resident memory, V8 heap in use / reserved, each heap space's reserve, external memory (MB), from /metrics. */
async function memoryLine(httpBase: string): Promise<string> {
  const text = await (await fetch(`${httpBase}/metrics`)).text();
  const mb = (pattern: string) =>
    [...text.matchAll(new RegExp(`^${pattern}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) =>
      (Number(m[1]) / 1048576).toFixed(1),
    );
  const spaces = [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"[^}]*\} (\S+)$/gm)]
    .map((m) => `${m[1]} ${(Number(m[2]) / 1048576).toFixed(1)}`)
    .join(', ');
  const cpu = Number(/^process_cpu_seconds_total(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1]);
  return (
    `cpu ${cpu.toFixed(1)} s rss ${mb('process_resident_memory_bytes')} heap ${mb('nodejs_heap_size_used_bytes')}/` +
    `${mb('nodejs_heap_size_total_bytes')} external ${mb('nodejs_external_memory_bytes')} MB; spaces: ${spaces}`
  );
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

mkdirSync(SNAPSHOT_DIR, { recursive: true });
const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
const preprocessor = await startServiceProcess({
  root,
  name: 'preprocessor',
  nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${SNAPSHOT_DIR}`],
  env: {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    PREPROCESSOR_DEDUP_WINDOW: '20000',
    ...serviceNodeOptions('preprocessor'),
    ...SERVICE_ENV,
  },
});
const bus = new KafkaEventBus({
  clientId: 'heap-load',
  brokers: broker.bootstrapServers,
  logger,
  metricsRegistry: new Registry(),
});

/** Sends SIGUSR2 and waits until the new snapshot file stops growing. */
async function snapshot(): Promise<string> {
  const before = new Set(readdirSync(SNAPSHOT_DIR));
  preprocessor.child.kill('SIGUSR2');
  for (;;) {
    await sleep(2000);
    const file = readdirSync(SNAPSHOT_DIR).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const full = path.join(SNAPSHOT_DIR, file);
    const size = statSync(full).size;
    await sleep(3000);
    if (statSync(full).size === size && size > 0) return full;
  }
}

try {
  const events = restartStreamEvents(Math.ceil(EVENTS_PER_SECOND * SECONDS), 200, 'soak');
  const started = Date.now();
  const pending = [...SNAPSHOTS_S];
  let nextSample = 0;
  const batchEveryMs = (1000 * BATCH) / EVENTS_PER_SECOND;
  for (let i = 0; i < events.length; i += BATCH) {
    await sleep(Math.max(0, started + (i / BATCH) * batchEveryMs - Date.now()));
    const elapsedS = (Date.now() - started) / 1000;
    if (elapsedS >= nextSample) {
      nextSample += SAMPLE_S;
      progress(`heap: ${elapsedS.toFixed(0)} s ${await memoryLine(`http://127.0.0.1:${preprocessor.httpPort}`)}`);
    }
    if (pending.length > 0 && elapsedS >= pending[0]!) {
      pending.shift();
      progress(`heap: snapshot at ${elapsedS.toFixed(0)} s: ${await snapshot()}`);
    }
    const receivedAt = new Date();
    const batch = events.slice(i, i + BATCH).map((e) => ({ ...e, receivedAt }));
    void bus.publish(Topics.eventsRaw, batch, { batched: true }).catch((error) => progress(`publish failed: ${error}`));
  }
} finally {
  await bus.close();
  await preprocessor.stop();
  await broker.stop();
}
