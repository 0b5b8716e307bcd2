import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { CollectorService, FeaturesService, type CollectorServer, type FeaturesServer } from '@demand/contracts';
import { createGrpcMetrics, GrpcServerHost, unary } from '@demand/grpc-server';
import { createLogger } from '@demand/telemetry';
import { runCli } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

async function fakePlatform() {
  const transport = { logger, metrics: createGrpcMetrics(new Registry()) };
  const seen: unknown[] = [];
  const collector: CollectorServer = {
    track: unary(
      't',
      async (req: any) => {
        seen.push(req);
        return { eventId: req.event.eventId };
      },
      transport,
    ),
    trackBatch: unary(
      'tb',
      async (req: any) => {
        if (req.events.length === 0)
          throw Object.assign(new Error('events: must not be empty'), { code: 'INVALID_ARGUMENT' });
        return { accepted: req.events.length };
      },
      transport,
    ),
    upsertItems: unary('ui', async (req: any) => ({ accepted: req.items.length }), transport),
  };
  const features: FeaturesServer = {
    getItemStats: unary(
      'gis',
      async (req: any) => ({
        itemId: req.itemId,
        totals: {
          views: 3,
          clicks: 0,
          searches: 0,
          addToCarts: 0,
          removeFromCarts: 0,
          purchases: 1,
          reviews: 0,
          dialogTurns: 0,
          unitsSold: 2,
          revenue: 39.8,
        },
        days: [],
      }),
      transport,
    ),
  };
  const host = new GrpcServerHost({
    host: '127.0.0.1',
    port: 0,
    logger,
    maxReceiveMessageBytes: 1 << 20,
    shutdownGraceMs: 500,
    services: [
      { name: 'demand.v1.Collector', definition: CollectorService, implementation: collector },
      { name: 'demand.v1.Features', definition: FeaturesService, implementation: features },
    ],
  });
  const port = await host.start();
  return { host, seen, address: `127.0.0.1:${port}` };
}

function capture(stdin = '') {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      readStdin: async () => stdin,
    },
  };
}

test('each command calls its method with the JSON request and prints JSON', async () => {
  const platform = await fakePlatform();
  try {
    const track = capture();
    const event = {
      event: { eventId: 'e-1', userId: 'u-1', occurredAt: '2026-11-23T10:00:00Z', view: { itemId: 'i-1' } },
    };
    assert.equal(await runCli(['--collector', platform.address, 'track', JSON.stringify(event)], track.io), 0);
    assert.deepEqual(JSON.parse(track.out.stdout), { eventId: 'e-1' });
    const sent = platform.seen[0] as any;
    assert.equal(sent.event.payload.$case, 'view');
    assert.deepEqual(sent.event.occurredAt, new Date('2026-11-23T10:00:00Z'));

    const stats = capture('{"itemId":"i-1"}');
    assert.equal(await runCli(['--features', platform.address, 'item-stats', '-'], stats.io), 0);
    const answer = JSON.parse(stats.out.stdout);
    assert.equal(answer.itemId, 'i-1');
    assert.equal(answer.totals.views, 3);
    assert.equal(answer.totals.revenue, 39.8);
  } finally {
    await platform.host.stop();
  }
});

test('server errors print the status and exit 1; bad input exits 2', async () => {
  const platform = await fakePlatform();
  try {
    const failed = capture();
    assert.equal(await runCli(['--collector', platform.address, 'track-batch', '{"events":[]}'], failed.io), 1);
    assert.equal(failed.out.stderr, 'error: INVALID_ARGUMENT: events: must not be empty\n');
    const badJson = capture();
    assert.equal(await runCli(['track', '{oops'], badJson.io), 2);
    assert.match(badJson.out.stderr, /not valid JSON/);
    const unknown = capture();
    assert.equal(await runCli(['forecast'], unknown.io), 2);
    assert.match(unknown.out.stderr, /unknown command "forecast"/);
    const help = capture();
    assert.equal(await runCli(['help'], help.io), 0);
    assert.match(help.out.stdout, /item-stats\s+demand\.v1\.Features\/GetItemStats/);
  } finally {
    await platform.host.stop();
  }
});
