import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { credentials } from '@grpc/grpc-js';
import { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '@demand/all-in-one';
import { CollectorClient, FeaturesClient, withApiKey } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { INGEST_STAGES, waitForDrain } from './consumer-lag.js';

export interface TestPlatform {
  platform: LocalPlatform;
  /** The platform's data directory (stores, the API key file). */
  dataDir: string;
  collector: CollectorClient;
  features: FeaturesClient;
  kafka: Kafka;
  admin: Admin;
  /** Waits until preprocessor and aggregator have committed everything on their topics. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The ingest stages under the tenant's prefixed group and topic names. */
function tenantStages(prefix: string): typeof INGEST_STAGES {
  return INGEST_STAGES.map((s) => ({ groupId: `${prefix}${s.groupId}`, topic: `${prefix}${s.topic}` }));
}

/**
 * The whole platform in this process on a fresh data directory, every port picked by the OS;
 * `env` adds settings (e.g. a short retraining period).
 */
export async function startTestPlatform(env: LocalPlatformOptions['env'] = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'demand-e2e-'));
  const platform = await startLocalPlatform({
    dataDir,
    env: { LOG_LEVEL: 'warn', ...env },
    fixedPorts: false,
    requireApiKeys: true,
    loggerFor: (service) => createLogger({ service, level: 'warn', destination: process.stderr as never }),
  });
  const kafka = new Kafka({ clientId: 'e2e', brokers: platform.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const withKey = withApiKey(platform.apiKey);
  const collector = new CollectorClient(platform.grpcAddress('collector'), credentials.createInsecure(), withKey);
  const features = new FeaturesClient(platform.grpcAddress('aggregator'), credentials.createInsecure(), withKey);
  return {
    platform,
    dataDir,
    collector,
    features,
    kafka,
    admin,
    drain: (timeoutMs = 90_000) => waitForDrain(admin, tenantStages(platform.tenant.topicPrefix), timeoutMs),
    async stop() {
      collector.close();
      features.close();
      await admin.disconnect();
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
