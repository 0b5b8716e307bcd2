import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { checkAlive, emptyFuzzReport, fuzzGrpc, fuzzTopics } from '../src/fuzz-platform.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

let p: TestPlatform;
let adminKey: string;
beforeAll(async () => {
  p = await startTestPlatform();
  const admin = issueApiKey({ name: 'fuzz', scopes: ['admin'] });
  await new FileApiKeyStore(path.join(p.dataDir, 'api-keys.json')).add(admin.record);
  adminKey = admin.token;
}, 120_000);
afterAll(async () => p?.stop());

test('short fuzz: every gRPC method and consumed topic answers adversarial bytes clearly; nothing crashes or hangs', async () => {
  const report = emptyFuzzReport();
  await fuzzGrpc(p.platform, { perMethod: 9, seed: 16, apiKey: adminKey, deadlineMs: 20_000 }, report);
  await fuzzTopics(p.kafka, { perTopic: 9, seed: 17, drainTimeoutMs: 90_000 }, report);
  await checkAlive(p.platform, report);
  assert.deepEqual(report.hangs, []);
  assert.deepEqual(report.unclear, []);
  assert.deepEqual(report.crashes, []);
  assert.ok(report.inputs >= 17 * 9, `tried ${report.inputs}`);
  assert.ok(report.deadLettered > 0, 'undecodable records are dead-lettered');
}, 300_000);
