import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { Registry } from 'prom-client';
import { createGrpcMetrics } from '@demand/grpc-server';
import { createLogger } from '@demand/telemetry';
import { ReadServer, type ReadServerOptions } from '../src/read-server/read-server.js';
import { profiles } from './profile-cache-fixture.js';

const standIn = new URL('./stand-in-read-worker.js', import.meta.url);

function readServerWith(ignore: 'close' | 'answers', options: Omit<ReadServerOptions, 'settings'> = {}) {
  const cache = profiles();
  const telemetry = {
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: createGrpcMetrics(new Registry()),
  };
  const settings = {
    host: '127.0.0.1',
    port: 0,
    maxReceiveMessageBytes: 1 << 20,
    maxCallMs: 1000,
    shutdownGraceMs: 100,
    ignore,
  } as ReadServerOptions['settings'];
  return { cache, server: new ReadServer({ answers: cache, telemetry }, { ...options, settings, workerUrl: standIn }) };
}

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

test('a worker that never says it closed is ended after the shutdown grace time and a margin', async () => {
  const { server } = readServerWith('close');
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
