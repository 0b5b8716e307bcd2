import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopicNames } from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const services = ['collector', 'preprocessor', 'embedder', 'aggregator', 'forecaster', 'recommender', 'feedback'];

let broker: LocalBroker;
let dataDir: string;
before(async () => {
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  dataDir = mkdtempSync(path.join(tmpdir(), 'demand-entry-'));
});
after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs a service's production entry point as its own process until it reports its ports. */
function startProcess(name: string, extraEnv: Record<string, string>) {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', path.join(root, `services/${name}/dist/src/main.js`)], {
    env: {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: '0',
      KAFKA_BROKERS: broker.bootstrapServers.join(','),
      ANALYTICS_DATA_DIR: path.join(dataDir, name, 'clickhouse'),
      EMBEDDER_DATA_DIR: path.join(dataDir, name, 'embedder'),
      EMBEDDER_MODELS_DIR: path.join(dataDir, name, 'models'),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<{ httpPort: number }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        if (!line.includes(`"msg":"${name} started"`)) continue;
        resolve(JSON.parse(line) as { httpPort: number });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code} before starting:\n${output.slice(-2000)}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, started, exited, output: () => output };
}

for (const name of services) {
  test(`${name}: the entry point starts, answers health and metrics, and stops cleanly on SIGTERM`, { timeout: 120_000 }, async () => {
    const service = startProcess(name, {});
    const { httpPort } = await service.started;
    const base = `http://127.0.0.1:${httpPort}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.match(await (await fetch(`${base}/metrics`)).text(), new RegExp(`service="${name}"`));
    service.child.kill('SIGTERM');
    assert.equal(await service.exited, 0, service.output().slice(-2000));
  });
}

test('a bad configuration stops the entry point with every problem named and status 2', async () => {
  const service = startProcess('aggregator', { GRPC_PORT: 'abc', ANALYTICS_STORE: 'server' });
  await assert.rejects(service.started, /exited with 2/);
  assert.match(service.output(), /GRPC_PORT: .*got "abc"/);
  assert.match(service.output(), /CLICKHOUSE_URL: is required when ANALYTICS_STORE=server/);
});
