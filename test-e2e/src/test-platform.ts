import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { credentials } from '@grpc/grpc-js';
import { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '@demand/all-in-one';
import { CollectorClient, FeaturesClient, withApiKey } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { INGEST_STAGES, waitForDrain } from './consumer-lag.js';
import { copyTextModels } from './text-model-store.js';
import { RUN_TRAINING_TIMEOUT_MS, textModelStoreOfRun, waitForTextModelStore } from './text-model-store-of-run.js';

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

export interface TestPlatformOptions {
  /**
   * `copied` (the default): the embedder starts from a copy of the default text encoder and heads that one
   * platform's first start trained for the whole run (jest/e2e-text-models.setup.js), so it serves them at once
   * (still cold: trained on local mode's demo seed) and announces nothing on `models.published.v1` at start;
   * when the run trained none, it trains them itself. `trained`: the embedder trains them at its first start,
   * as a fresh install does.
   */
  textModels?: 'copied' | 'trained';
}

/** The run's text models were trained with the embedder's defaults: a platform set otherwise trains its own. */
export function assertDefaultEmbedderSettings(env: LocalPlatformOptions['env']): void {
  const embedderSettings = Object.keys(env).filter((name) => name.startsWith('EMBEDDER_'));
  if (embedderSettings.length > 0)
    throw new Error(
      `the run's text models were trained with the embedder's defaults, not ${embedderSettings.join(', ')}: ` +
        "start this platform with textModels: 'trained'",
    );
}

/**
 * The whole platform in this process on a fresh data directory, every port picked by the OS;
 * `env` adds settings (e.g. a short retraining period).
 */
export async function startTestPlatform(
  env: LocalPlatformOptions['env'] = {},
  { textModels = 'copied' }: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const textModelStore = textModels === 'copied' ? textModelStoreOfRun() : undefined;
  if (textModelStore !== undefined) {
    assertDefaultEmbedderSettings(env);
    await waitForTextModelStore(textModelStore, RUN_TRAINING_TIMEOUT_MS);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'demand-e2e-'));
  if (textModelStore !== undefined) {
    try {
      copyTextModels(textModelStore, path.join(dataDir, 'models'));
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
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
