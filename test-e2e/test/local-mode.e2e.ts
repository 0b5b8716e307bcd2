import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('Ctrl-C while local mode streams its demo shop stops the traffic first and exits cleanly', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'demand-local-'));
  const child = spawn(process.execPath, [path.join(root, 'services/all-in-one/dist/src/main.js')], {
    env: {
      LOCAL_DATA_DIR: dataDir,
      LOCAL_KAFKA_PORT: '29092',
      LOCAL_DEMO_MAX_EVENTS: '200000',
      LOG_LEVEL: 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/traffic: sent [1-9]/.test(output)) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) =>
        reject(new Error(`local mode exited with ${code} before streaming:\n${output.slice(-3000)}`)),
      );
    });
    child.kill('SIGINT');
    assert.equal(await exited, 0, output.slice(-3000));
    assert.match(output, /Stopping: draining consumers/);
    assert.match(output, /Stopped\./);
    assert.doesNotMatch(output, /local platform failed/);
    assert.doesNotMatch(output, /^\{/m, 'the console shows plain lines; the JSON log goes to the log file');
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);
