import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopicNames } from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { startServiceProcess, type ServiceStartError } from '@demand/service-process';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const services = ['collector', 'preprocessor', 'embedder', 'aggregator', 'forecaster', 'recommender', 'feedback'];

let broker: LocalBroker;
let dataDir: string;
beforeAll(async () => {
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  dataDir = mkdtempSync(path.join(tmpdir(), 'demand-entry-'));
});
afterAll(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function startService(name: string, extraEnv: Record<string, string>) {
  return startServiceProcess({
    root,
    name,
    env: {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: '0',
      KAFKA_BROKERS: broker.bootstrapServers.join(','),
      ANALYTICS_DATA_DIR: path.join(dataDir, name, 'clickhouse'),
      EMBEDDER_DATA_DIR: path.join(dataDir, name, 'embedder'),
      EMBEDDER_MODELS_DIR: path.join(dataDir, name, 'models'),
      FORECAST_MODELS_DIR: path.join(dataDir, name, 'models'),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...extraEnv,
    },
  });
}

for (const name of services) {
  test(`${name}: the entry point starts, answers health and metrics, and stops cleanly on SIGTERM`, async () => {
    const service = await startService(name, {});
    const base = `http://127.0.0.1:${service.httpPort}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.match(await (await fetch(`${base}/metrics`)).text(), new RegExp(`service="${name}"`));
    assert.equal(await service.stop(), 0, service.output().slice(-2000));
  }, 120_000);
}

test('a bad configuration stops the entry point with every problem named and status 2', async () => {
  const starting = startService('aggregator', { GRPC_PORT: 'abc', ANALYTICS_STORE: 'server' });
  await assert.rejects(starting, /exited with 2/);
  const { output } = (await starting.catch((error: unknown) => error)) as ServiceStartError;
  assert.match(output, /GRPC_PORT: .*got "abc"/);
  assert.match(output, /CLICKHOUSE_URL: is required when ANALYTICS_STORE=server/);
});
