import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { ReadServer, type ReadServerOptions } from '../src/read-server/read-server.js';
import { profiles } from './profile-cache-fixture.js';
import { LOCAL_READ_SETTINGS, quietTelemetry } from './read-server-fixture.js';

const standInUrl = new URL('./stand-in-read-worker.js', import.meta.url);

interface StandIn {
  ignore?: 'close' | 'answers';
  applyMs?: number;
}

function readServerWith(standIn: StandIn, options: Omit<ReadServerOptions, 'settings'> = {}) {
  const cache = profiles();
  const telemetry = quietTelemetry();
  const settings = { ...LOCAL_READ_SETTINGS, ...standIn } as ReadServerOptions['settings'];
  return {
    cache,
    server: new ReadServer({ answers: cache, telemetry }, { ...options, settings, workerUrl: standInUrl }),
  };
}

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

test('a worker that never says it closed is ended after the shutdown grace time and a margin', async () => {
  const { server } = readServerWith({ ignore: 'close' });
  await server.start();
  const worker = (server as unknown as { worker: Worker }).worker;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  try {
    const started = performance.now();
    await within(server.close(), 5000, 'close()');
    assert.ok(performance.now() - started >= 100, 'the grace time was given');
    await within(exited, 1000, 'the worker ended');
    assert.equal(server.serving, false);
  } finally {
    await worker.terminate();
  }
});

const workerOf = (server: ReadServer) => (server as unknown as { worker: Worker | undefined }).worker;

test('a sync in many messages may take longer than the apply timeout in all while each message is applied in time', async () => {
  // 30 answers, one a message, each applied 100 ms after the one before: 3 s in all against a 1 s timeout (which
  // also covers the worker's start).
  const { server } = readServerWith({ applyMs: 100 }, { answersAMessage: 1, applyTimeoutMs: 1000 });
  try {
    await within(server.start(), 10_000, 'start()');
    const worker = workerOf(server);
    await server.syncAnswers();
    assert.equal(workerOf(server), worker, 'not replaced');
    assert.equal(server.serving, true);
  } finally {
    await server.close();
  }
});

test('a worker that applies nothing is replaced after the apply timeout, and the forget waiting on it resolves', async () => {
  const { server, cache } = readServerWith({ ignore: 'answers' }, { applyTimeoutMs: 1000, restartDelayMs: 10 });
  try {
    await server.start();
    const stuck = workerOf(server);
    cache.forgetUsers(['u3']);
    await within(server.forgetAnswers(['u3']), 5000, 'the forget');
    assert.notEqual(workerOf(server), stuck, 'the stuck worker is gone');
    await until(() => server.serving, 'a new worker to listen');
  } finally {
    await server.close();
  }
});

test('a worker lost while a forget waits on it: the forget resolves, and a new one is started', async () => {
  const { server, cache } = readServerWith({ ignore: 'answers' }, { applyTimeoutMs: 60_000, restartDelayMs: 10 });
  try {
    await server.start();
    cache.forgetUsers(['u3']);
    const forget = server.forgetAnswers(['u3']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await workerOf(server)!.terminate();
    await within(forget, 5000, 'the forget');
    await until(() => server.serving, 'a new worker to listen');
  } finally {
    await server.close();
  }
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
