import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { serviceTargets, type ServiceTarget } from '@demand/all-in-one';
import { allTopicNames, CollectorClient, type Event, type TrackBatchResponse } from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';

type RunningService = Awaited<ReturnType<ServiceTarget['start']>>;

/**
 * The local broker plus only the services named, started as local mode starts them (same
 * config sections), so a benchmark measures those stages and nothing downstream of them.
 */
export interface PipelineStages {
  broker: LocalBroker;
  admin: Admin;
  services: ReadonlyMap<string, RunningService>;
  collector: CollectorClient;
  stop(): Promise<void>;
}

export async function startPipelineStages(names: readonly string[]): Promise<PipelineStages> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-stages-'));
  const broker = await startLocalBroker({ brokers: 3, topics: allTopicNames() });
  const services = new Map<string, RunningService>();
  for (const target of serviceTargets.filter((t) => names.includes(t.name))) {
    const env = {
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      GRPC_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      KAFKA_BROKERS: broker.bootstrapServers.join(','),
      ANALYTICS_DATA_DIR: path.join(dataDir, 'clickhouse'),
    };
    const logger = createLogger({ service: target.name, level: 'warn', destination: process.stderr as never });
    services.set(target.name, await target.start(target.configure(env), logger, { inProcessWithOthers: true }));
  }
  const admin = new Kafka({ clientId: 'bench-admin', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const collectorPort = services.get('collector')?.grpcPort;
  const collector = new CollectorClient(`127.0.0.1:${collectorPort}`, credentials.createInsecure());
  return {
    broker,
    admin,
    services,
    collector,
    async stop() {
      collector.close();
      await admin.disconnect();
      for (const service of [...services.values()].reverse()) await service.close();
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends events with TrackBatch, `inFlight` calls at a time; resolves when all were accepted. */
export async function trackAll(collector: CollectorClient, events: readonly Event[], batchSize: number, inFlight: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const batch = events.slice(next, next + batchSize);
      next += batchSize;
      await new Promise<TrackBatchResponse>((resolve, reject) => collector.trackBatch({ events: batch }, (error, response) => (error ? reject(error) : resolve(response))));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** Records of `topic` the group has not committed yet, over all partitions. */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce((lag, end) => lag + Number(end.high) - Math.max(done.get(end.partition) ?? -1, Number(end.low)), 0);
}

/** Waits until the group has committed everything on the topic, checking every 50 ms; returns when. */
export async function waitUntilCaughtUp(admin: Admin, groupId: string, topic: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lag = await groupLag(admin, groupId, topic);
    if (lag === 0) return Date.now();
    if (Date.now() > deadline) throw new Error(`${groupId} still ${lag} records behind on ${topic} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Records published to a topic so far (all partitions). */
export async function topicSize(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
}
