// The collector's CPU per event for TrackBatch calls, one or two builds side by side, not part of `make bench`:
// one local broker (3 brokers, the platform's topics), one collector process per repository root given (each from
// its production entry point, as the pipeline benches start it), the same pre-encoded TrackBatch calls sent to each
// in turn (the order flipped every other round), ROUNDS rounds (6) after one of warm-up, EVENTS events (100 000) a
// round, BATCH events a call (1000; 8000 is what `./demand import` sends), 4 calls in flight. Nothing consumes
// events.raw.v1, so the admission's backlog bound is lifted (COLLECTOR_MAX_RECORDS_BEHIND); the rest is the default.
// The warm-up round is printed (stderr) with the collector's CPU by thread: a fresh process's first ≈ 100k events
// cost two to three times a warm one's (JIT, V8Worker compile threads). IDLE_MS: the collectors' CPU at rest then.
// Prints per build: the collector process's CPU µs per event (all threads, /proc), its main thread's, and this
// process's (the load client's) and the broker's, medians of the rounds.
//   node bench/scripts/collector-calls-ab.mjs <old repository root> [<new repository root>]
// CLIENTS: the load client, `http2` (the benches' sender, node:http2) or `grpc-js` (theirs before session 15), or
// both (`grpc-js,http2`) alternated as further arms: the load client's CPU an event is this process's.
// NODE_OPTIONS_0 / NODE_OPTIONS_1: the first / second collector's NODE_OPTIONS (a root may be given twice).
// ENV_0 / ENV_1: more environment for the first / second collector, `NAME=value` pairs split by commas
// (`COLLECTOR_RECORD_LINGER_MS=0`, say). Also printed: the events a record on events.raw.v1 holds, per arm.
// COLLECTOR_PROF_DIR: the collectors write V8 CPU profiles there (`<i>.cpuprofile`) when they stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';

const { allTopicNames, CollectorClient, CollectorService, TrackBatchResponse, withPushback } = await import(
  '@demand/contracts'
);
const trackBatchPath = CollectorService.trackBatch.path;
const { startLocalBroker } = await import('@demand/kafka-broker');
const { startServiceProcess } = await import('@demand/service-process');
const { createShop } = await import('@demand/testkit');
const { encodeTrackBatches, sendTrackBatches, stageEnvironment } = await import('../dist/src/pipeline-stages.js');
const { cpuByThreadName, procStat, threadCpuSince } = await import('../dist/src/server-cpu.js');
const { median, cpuMicros } = await import('../dist/src/report.js');
const { Kafka, logLevel } = await import('kafkajs');

const roots = process.argv.slice(2).map((dir) => path.resolve(dir));
if (roots.length < 1 || roots.length > 2) throw new Error('usage: collector-calls-ab.mjs <root> [<root>]');
const rounds = Number(process.env.ROUNDS ?? 6);
const eventCount = Number(process.env.EVENTS ?? 100_000);
const batch = Number(process.env.BATCH ?? 1000);
const profileDir = process.env.COLLECTOR_PROF_DIR;
const clients = (process.env.CLIENTS ?? 'http2').split(',');

/** The bench's sender before session 15: grpc-js's client, which frames each request into a new buffer. */
async function sendWithGrpcJs(client, requests, inFlight) {
  let next = 0;
  const asIs = (bytes) => bytes;
  const worker = async () => {
    while (next < requests.length) {
      const { frame, events } = requests[next++];
      const { accepted } = await withPushback(
        () =>
          new Promise((resolve, reject) =>
            client.makeUnaryRequest(trackBatchPath, asIs, TrackBatchResponse.decode, frame.subarray(5), (error, r) =>
              error || !r ? reject(error) : resolve(r),
            ),
          ),
      );
      if (accepted !== events) throw new Error(`TrackBatch accepted ${accepted} of the ${events} events sent`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'collector-ab-'));
const broker = await startLocalBroker({ brokers: 3, topics: allTopicNames() });
const collectors = [];
const admin = new Kafka({ brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
const rawRecords = async () => (await admin.fetchTopicOffsets('events.raw.v1')).reduce((n, o) => n + Number(o.high), 0);
try {
  await admin.connect();
  for (const [i, root] of roots.entries()) {
    const service = await startServiceProcess({
      root,
      name: 'collector',
      env: {
        ...stageEnvironment(broker, dataDir),
        COLLECTOR_MAX_RECORDS_BEHIND: String(2 ** 30),
        ...(process.env[`NODE_OPTIONS_${i}`] ? { NODE_OPTIONS: process.env[`NODE_OPTIONS_${i}`] } : {}),
        ...Object.fromEntries(
          (process.env[`ENV_${i}`] ?? '')
            .split(',')
            .filter(Boolean)
            .map((entry) => {
              const at = entry.indexOf('=');
              if (at < 1) throw new Error(`ENV_${i}: expected NAME=value entries, got ${JSON.stringify(entry)}`);
              return [entry.slice(0, at), entry.slice(at + 1)];
            }),
        ),
      },
      nodeArgs: [
        '--enable-source-maps',
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${i}.cpuprofile`] : []),
      ],
    });
    const address = `127.0.0.1:${service.grpcPort}`;
    const client = new CollectorClient(address, credentials.createInsecure());
    collectors.push({ root, service, client, address });
  }
  const arms = collectors.flatMap((c) =>
    clients.map((sender) => ({ ...c, sender, cpu: [], main: [], load: [], broker: [], perRecord: [] })),
  );
  const shop = createShop({ seed: 13, users: 20_000, items: 2000, startDay: '2026-06-01' });
  const events = [...shop.generateEvents({ maxEvents: eventCount, runId: 'live' })];
  const requests = encodeTrackBatches(events, batch);
  const bytes = requests.reduce((n, r) => n + r.frame.length, 0);
  process.stderr.write(
    `${events.length} events, ${requests.length} calls of ${batch}, ${bytes / events.length} B an event\n`,
  );
  for (let round = -1; round < rounds; round++) {
    const order = round % 2 ? arms : [...arms].reverse();
    for (const c of order) {
      const pid = c.service.child.pid;
      const recordsBefore = await rawRecords();
      const before = procStat(`/proc/${pid}/stat`).micros;
      const mainBefore = procStat(`/proc/${pid}/task/${pid}/stat`).micros;
      const threadsBefore = cpuByThreadName(pid);
      const brokerBefore = procStat(`/proc/${broker.pid}/stat`).micros;
      const load = cpuMicros();
      await (c.sender === 'grpc-js' ? sendWithGrpcJs(c.client, requests, 4) : sendTrackBatches(c.address, requests, 4));
      const loadUsed = load();
      // Let the last acks' and timers' work land in the counters.
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (round < 0) {
        const warm = (procStat(`/proc/${pid}/stat`).micros - before) / events.length;
        const threads = threadCpuSince(threadsBefore, cpuByThreadName(pid))
          .map(([name, us]) => `${name} ${(us / events.length).toFixed(2)}`)
          .join(', ');
        process.stderr.write(
          `warm-up round, collector ${c.root} (${c.sender}): ${warm.toFixed(2)} µs/event (${threads})\n`,
        );
        continue;
      }
      c.cpu.push((procStat(`/proc/${pid}/stat`).micros - before) / events.length);
      c.main.push((procStat(`/proc/${pid}/task/${pid}/stat`).micros - mainBefore) / events.length);
      c.load.push(loadUsed / events.length);
      c.broker.push((procStat(`/proc/${broker.pid}/stat`).micros - brokerBefore) / events.length);
      c.perRecord.push(events.length / ((await rawRecords()) - recordsBefore));
    }
  }
  if (process.env.IDLE_MS) {
    for (const c of collectors) {
      const pid = c.service.child.pid;
      const before = procStat(`/proc/${pid}/stat`).micros;
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.IDLE_MS)));
      const used = procStat(`/proc/${pid}/stat`).micros - before;
      console.log(`idle: ${(used / Number(process.env.IDLE_MS) / 10).toFixed(2)} % of a core`);
    }
  }
  for (const [i, c] of arms.entries()) {
    const f = (values) => `${median(values).toFixed(2)} [${values.map((v) => v.toFixed(2)).join(' ')}]`;
    const threads = `main thread ${f(c.main)}, load client ${f(c.load)}, broker ${f(c.broker)}`;
    const records = `events a record ${f(c.perRecord)}`;
    console.log(`${i} ${c.root} (${c.sender}): collector ${f(c.cpu)} µs/event, ${threads}, ${records}`);
  }
} finally {
  await admin.disconnect();
  for (const c of collectors) {
    c.client.close();
    await c.service.stop();
  }
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
