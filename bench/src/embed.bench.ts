// bench/embed: texts per second of the embedder over gRPC (its own process, dynamic batching)
// against a bare ONNX Runtime loop on the same model in the same run, and latency of
// single-text requests under load. EMBEDDER_EXECUTION_PROVIDERS (default cuda,cpu) applies to both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { allTopicNames, TextAnalysisClient, type EmbedResponse } from '@demand/contracts';
import { itemDocument } from '@demand/embedder/training';
import { startLocalBroker } from '@demand/kafka-broker';
import { createShop, shopTexts } from '@demand/testkit';
import { latestEncoderDirectory, openBareOnnx } from './text-eval/bare-onnx.js';
import { printBench, progress } from './report.js';

const TEXTS = 4096;
const BATCH = 32;
const BATCH_CLIENTS = 4;
/** Concurrent callers sending one text per Embed call: light load, and saturation. */
const SINGLE_CALLERS = [8, 64];
const SINGLE_REQUESTS = 4096;
/** Bare and service rounds alternate, best of each kept: the machine may be busy with other work. */
const ROUNDS = 5;
const providers = (process.env['EMBEDDER_EXECUTION_PROVIDERS'] ?? 'cuda,cpu').split(',').map((p) => p.trim());

const shop = createShop({ seed: 11, users: 3000, items: 500 });
const corpus = shopTexts(shop, 21, 'bench');
const pool = [
  ...corpus.reviews.map((r) => r.text),
  ...corpus.queries.map((q) => q.text),
  ...corpus.dialogTurns.map((t) => t.text),
  ...shop.items.map((item) => itemDocument(item)),
];
const texts = Array.from({ length: TEXTS }, (_, i) => pool[(i * 7919) % pool.length] as string);
progress(`embed: ${texts.length} shop texts (reviews, queries, dialog turns, catalog items), ${providers.join(',')}`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-embed-'));
const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
let child: ChildProcess | undefined;
try {
  const started = await startEmbedderProcess();
  child = started.child;
  const client = new TextAnalysisClient(`127.0.0.1:${started.grpcPort}`, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 << 20,
  });
  const trainedIn = await waitUntilServing(client);
  progress(`embed: embedder serving after ${(trainedIn / 1000).toFixed(1)} s (training its default models)`);

  const directory = await latestEncoderDirectory(path.join(dataDir, 'models'));
  if (!directory) throw new Error('the embedder published no encoder');
  const bare = await openBareOnnx(directory, providers);
  let bareRate = 0;
  let batched = 0;
  await batchedRate(client);
  for (let round = 0; round < ROUNDS; round++) {
    bareRate = Math.max(bareRate, await bare.rate(texts, BATCH));
    batched = Math.max(batched, await batchedRate(client));
  }
  const bareSingleMs = await bare.singleTextMs(texts.slice(0, 300));
  await bare.close();
  progress(
    `embed: bare ONNX Runtime loop (${bare.providers.join('+')}, batches of ${BATCH}): ${bareRate.toFixed(0)} texts/s, one text alone ${bareSingleMs.toFixed(2)} ms`,
  );
  progress(
    `embed: service, ${BATCH_CLIENTS} clients sending ${BATCH} texts per Embed call: ${batched.toFixed(0)} texts/s`,
  );
  const single: Record<number, { rate: number; p50: number; p99: number }> = {};
  for (const callers of SINGLE_CALLERS) {
    single[callers] = await singleTextLoad(client, callers);
    const run = single[callers] as { rate: number; p50: number; p99: number };
    progress(
      `embed: service, ${callers} callers sending one text per call: ${run.rate.toFixed(0)} texts/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms`,
    );
  }

  printBench('embed_grpc_batched_vs_bare_onnx', batched, 'texts/s', bareRate);
  for (const [callers, run] of Object.entries(single)) {
    printBench(`embed_grpc_single_text_${callers}_callers`, run.rate, 'texts/s', bareRate);
    printBench(`embed_grpc_single_text_${callers}_callers_p50`, run.p50, 'ms', bareSingleMs);
    printBench(`embed_grpc_single_text_${callers}_callers_p99`, run.p99, 'ms', bareSingleMs);
  }
  client.close();
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

async function startEmbedderProcess(): Promise<{ child: ChildProcess; grpcPort: number }> {
  const main = path.join(path.dirname(fileURLToPath(import.meta.resolve('@demand/embedder'))), 'main.js');
  const env = {
    ...process.env,
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    EMBEDDER_DATA_DIR: path.join(dataDir, 'embedder'),
    EMBEDDER_MODELS_DIR: path.join(dataDir, 'models'),
    EMBEDDER_EXECUTION_PROVIDERS: providers.join(','),
    LOG_LEVEL: 'info',
  };
  const spawned = spawn(process.execPath, ['--enable-source-maps', main], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const grpcPort = await new Promise<number>((resolve, reject) => {
    spawned.once('exit', (code) => reject(new Error(`the embedder exited with code ${code} before serving`)));
    createInterface({ input: spawned.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let record: { msg?: string; grpcPort?: number; level?: string };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        return;
      }
      if (record.level === 'warn' || record.level === 'error') progress(`embedder: ${record.msg}`);
      if (record.msg === 'embedder started' && record.grpcPort) resolve(record.grpcPort);
    });
  });
  return { child: spawned, grpcPort };
}

function embed(client: TextAnalysisClient, batch: string[]): Promise<EmbedResponse> {
  return new Promise((resolve, reject) =>
    client.embed({ texts: batch }, new Metadata(), { deadline: Date.now() + 60_000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

async function waitUntilServing(client: TextAnalysisClient): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await new Promise((resolve, reject) =>
        client.analyze({ text: '你好' }, (error, response) => (error ? reject(error) : resolve(response))),
      );
      return Date.now() - started;
    } catch (error) {
      if ((error as ServiceError).code !== status.UNAVAILABLE || Date.now() - started > 300_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function batchedRate(client: TextAnalysisClient): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: BATCH_CLIENTS }, async () => {
      while (next < texts.length) {
        const from = next;
        next += BATCH;
        await embed(client, texts.slice(from, from + BATCH));
      }
    }),
  );
  return (texts.length * 1000) / (performance.now() - started);
}

async function singleTextLoad(
  client: TextAnalysisClient,
  callers: number,
): Promise<{ rate: number; p50: number; p99: number }> {
  await Promise.all(texts.slice(0, callers).map((text) => embed(client, [text])));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < SINGLE_REQUESTS) {
        const text = texts[next++ % texts.length] as string;
        const sent = performance.now();
        await embed(client, [text]);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  return { rate: (SINGLE_REQUESTS * 1000) / elapsed, p50: at(0.5), p99: at(0.99) };
}
