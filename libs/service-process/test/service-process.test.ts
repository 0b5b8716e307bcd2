import { afterAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServiceProcess, ServiceStartError } from '../src/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'service-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeEntryPoint(file: string, source: string): string {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, source);
  return full;
}

const stayUp = 'setInterval(() => {}, 1000);';

test('runs services/<name>/dist/src/main.js under root with the given env, parses its ports, and stop() ends it with its exit code', async () => {
  fakeEntryPoint(
    'services/fake/dist/src/main.js',
    `console.error('greeting is ' + process.env.GREETING);
     console.log(JSON.stringify({ level: 30, msg: 'fake starting' }));
     process.stdout.write('{"level":30,"httpPort":4321,"grpcP');
     setTimeout(() => process.stdout.write('ort":8765,"msg":"fake started"}\\n'), 50);
     process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });
     ${stayUp}`,
  );
  const service = await startServiceProcess({ root, name: 'fake', env: { GREETING: 'hello' } });
  assert.equal(service.httpPort, 4321);
  assert.equal(service.grpcPort, 8765);
  assert.equal(await service.stop(), 0);
  assert.match(service.output(), /greeting is hello/);
  assert.match(service.output(), /bye/);
});

test('a service without gRPC has no grpcPort', async () => {
  const entryPoint = fakeEntryPoint(
    'http-only.mjs',
    `process.on('SIGTERM', () => process.exit(0)); console.log(JSON.stringify({ msg: 'fake started', httpPort: 1 })); ${stayUp}`,
  );
  const service = await startServiceProcess({ root, name: 'fake', env: {}, entryPoint });
  assert.equal(service.grpcPort, undefined);
  assert.equal(await service.stop(), 0);
});

test("a process that exits before it started rejects with its exit code and output; another service's started line does not count", async () => {
  const entryPoint = fakeEntryPoint(
    'early-exit.mjs',
    `console.log(JSON.stringify({ msg: 'other started', httpPort: 1 }));
     console.error('FAKE_PORT: expected a port');
     process.exitCode = 3;`,
  );
  const starting = startServiceProcess({ root, name: 'fake', env: {}, entryPoint });
  await assert.rejects(starting, /fake exited with 3 before starting:\n[\s\S]*FAKE_PORT: expected a port/);
  const error = await starting.catch((e: unknown) => e);
  assert.ok(error instanceof ServiceStartError);
  assert.equal(error.exitCode, 3);
  assert.match(error.output, /other started/);
});

test('a process that never logs its started line is killed after startTimeoutMs', async () => {
  const entryPoint = fakeEntryPoint('silent.mjs', stayUp);
  await assert.rejects(
    startServiceProcess({ root, name: 'fake', env: {}, entryPoint, startTimeoutMs: 300 }),
    /fake did not start within 300 ms/,
  );
});

test('stop() kills a process that ignores SIGTERM after killAfterMs', async () => {
  const entryPoint = fakeEntryPoint(
    'stubborn.mjs',
    `process.on('SIGTERM', () => {}); console.log(JSON.stringify({ msg: 'fake started', httpPort: 1 })); ${stayUp}`,
  );
  const service = await startServiceProcess({ root, name: 'fake', env: {}, entryPoint, killAfterMs: 300 });
  assert.equal(await service.stop(), null);
  assert.equal(service.child.signalCode, 'SIGKILL');
});
