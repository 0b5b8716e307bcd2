// bench/fuzz: adversarial protobuf bytes (random, truncated, wrong wire types, invalid UTF-8,
// boundary numbers, 2,000-deep nesting, 2 MiB strings, absurd length claims) sent to every
// gRPC method of every service and produced to every topic a service consumes, on the whole
// platform with API keys required. Every call must end with a clear status, every consumer
// must get through its records (the undecodable ones dead-lettered), and every service must
// still be SERVING afterwards.
import path from 'node:path';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { checkAlive, emptyFuzzReport, fuzzGrpc, fuzzTopics, startTestPlatform } from '@demand/test-e2e';
import { printBench, progress } from './report.js';

const PER_METHOD = 90;
const PER_TOPIC = 180;

const p = await startTestPlatform();
try {
  const admin = issueApiKey({ name: 'fuzz', scopes: ['admin'] });
  await new FileApiKeyStore(path.join(p.dataDir, 'api-keys.json')).add(admin.record);
  const report = emptyFuzzReport();
  const started = Date.now();
  await fuzzGrpc(p.platform, { perMethod: PER_METHOD, seed: 1, apiKey: admin.token, deadlineMs: 30_000 }, report);
  progress(`fuzz: gRPC ${JSON.stringify(report.codes)}`);
  await fuzzTopics(p.kafka, { perTopic: PER_TOPIC, seed: 2, drainTimeoutMs: 180_000 }, report);
  await checkAlive(p.platform, report);
  progress(
    `fuzz: ${report.inputs} inputs in ${Math.round((Date.now() - started) / 1000)} s, ${report.deadLettered} dead-lettered`,
  );
  for (const line of [...report.unclear, ...report.hangs, ...report.crashes].slice(0, 20)) progress(`fuzz: ${line}`);
  printBench('fuzz_inputs', report.inputs, 'inputs', report.inputs);
  printBench('fuzz_crashes', report.crashes.length, 'crashes', 0);
  printBench('fuzz_hangs', report.hangs.length, 'calls', 0);
  printBench('fuzz_unclear_errors', report.unclear.length, 'calls', 0);
  printBench('fuzz_dead_lettered', report.deadLettered, 'records', 0);
} finally {
  await p.stop();
}
