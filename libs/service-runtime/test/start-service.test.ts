import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Inject, Module, type DynamicModule } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { createLogger } from '@demand/telemetry';
import {
  LIFECYCLE,
  type Lifecycle,
  METRICS_REGISTRY,
  READINESS,
  type Readiness,
  ServiceRuntimeModule,
  startService,
} from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

function exampleModule(events: string[], state: { ready: boolean }): DynamicModule {
  class ExampleParts {
    constructor(
      @Inject(LIFECYCLE) lifecycle: Lifecycle,
      @Inject(READINESS) readiness: Readiness,
      @Inject(METRICS_REGISTRY) registry: Registry,
    ) {
      new Counter({ name: 'example_things_total', help: 'things', registers: [registry] }).inc(3);
      readiness.register('store', () => state.ready);
      lifecycle.add(
        'store',
        async () => {
          events.push('store up');
        },
        async () => {
          events.push('store down');
        },
      );
      lifecycle.add(
        'grpc',
        async () => {
          events.push('grpc up');
        },
        async () => {
          events.push('grpc down');
        },
      );
    }
  }
  @Module({})
  class ExampleModule {}
  return {
    module: ExampleModule,
    imports: [ServiceRuntimeModule.forRoot({ service: 'example', logger, collectProcessMetrics: false })],
    providers: [ExampleParts],
  };
}

test('a service answers health, readiness and metrics, and stops its parts in reverse order', async () => {
  const events: string[] = [];
  const state = { ready: false };
  const service = await startService({
    name: 'example',
    module: exampleModule(events, state),
    httpHost: '127.0.0.1',
    httpPort: 0,
    logger,
  });
  const base = `http://127.0.0.1:${service.httpPort}`;
  try {
    assert.deepEqual(events, ['store up', 'grpc up']);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const notReady = await fetch(`${base}/readyz`);
    assert.equal(notReady.status, 503);
    assert.deepEqual(JSON.parse(await notReady.text()), { ready: false, checks: { store: false } });
    state.ready = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /example_things_total\{service="example"\} 3/);
  } finally {
    await service.close();
  }
  assert.deepEqual(events, ['store up', 'grpc up', 'grpc down', 'store down']);
});

test('two services in one process keep separate metrics', async () => {
  const a = await startService({
    name: 'a',
    module: exampleModule([], { ready: true }),
    httpHost: '127.0.0.1',
    httpPort: 0,
    logger,
  });
  const b = await startService({
    name: 'b',
    module: exampleModule([], { ready: true }),
    httpHost: '127.0.0.1',
    httpPort: 0,
    logger,
  });
  try {
    const text = await (await fetch(`http://127.0.0.1:${b.httpPort}/metrics`)).text();
    assert.equal(text.match(/example_things_total\{/g)?.length, 1);
  } finally {
    await a.close();
    await b.close();
  }
});
