import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Controller, UseFilters } from '@nestjs/common';
import {
  type CollectorController,
  CollectorControllerMethods,
  CollectorService,
  type FeaturesController,
  FeaturesControllerMethods,
  FeaturesService,
  type GetItemProfileRequest,
  type GetItemStatsRequest,
  type GetReviewInsightsRequest,
  type GetUserProfileRequest,
  ItemProfile,
  type ListSegmentsRequest,
  ReviewInsights,
  SegmentList,
  type TrackBatchRequest,
  type TrackRequest,
  type UpsertItemsRequest,
  UserProfile,
} from '@demand/contracts';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { runCli } from '../src/index.js';

const seen: unknown[] = [];

@Controller()
@UseFilters(GrpcExceptionFilter)
@CollectorControllerMethods()
class FakeCollector implements CollectorController {
  async track(req: TrackRequest) {
    seen.push(req);
    return { eventId: req.event?.eventId ?? '' };
  }
  async trackBatch(req: TrackBatchRequest) {
    if (req.events.length === 0)
      throw Object.assign(new Error('events: must not be empty'), { code: 'INVALID_ARGUMENT' });
    return { accepted: req.events.length };
  }
  async upsertItems(req: UpsertItemsRequest) {
    return { accepted: req.items.length };
  }
}

@Controller()
@UseFilters(GrpcExceptionFilter)
@FeaturesControllerMethods()
class FakeFeatures implements FeaturesController {
  async getItemStats(req: GetItemStatsRequest) {
    return {
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
    };
  }

  async getUserProfile(req: GetUserProfileRequest) {
    if (req.userId !== 'u-1')
      throw Object.assign(new Error(`user "${req.userId}" has no profile`), { code: 'NOT_FOUND' });
    return UserProfile.fromPartial({
      userId: 'u-1',
      frequency: 2,
      rScore: 5,
      segmentId: 1,
      segmentDescription: 'buys 美妆',
    });
  }

  async getItemProfile(req: GetItemProfileRequest) {
    return ItemProfile.fromPartial({
      itemId: req.itemId,
      views: 4,
      coViewed: [{ itemId: 'i-2', count: 2, score: 0.5 }],
    });
  }

  async listSegments(_req: ListSegmentsRequest) {
    return SegmentList.fromPartial({ modelVersion: 3, k: 2, segments: [{ id: 1, size: 10, share: 0.5 }], points: [] });
  }

  async getReviewInsights(req: GetReviewInsightsRequest) {
    return ReviewInsights.fromPartial({
      fromDay: '2026-11-06',
      sentiment: [{ day: '2026-12-01', category: req.category, positive: 3, negative: 1 }],
      reviews: 4,
    });
  }
}

async function fakePlatform() {
  seen.length = 0;
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Collector': CollectorService, 'demand.v1.Features': FeaturesService },
    controllers: [FakeCollector, FakeFeatures],
  });
  return { server, seen, address: server.address };
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

    const user = capture();
    assert.equal(await runCli(['--features', platform.address, 'user-profile', '{"userId":"u-1"}'], user.io), 0);
    assert.deepEqual([JSON.parse(user.out.stdout).rScore, JSON.parse(user.out.stdout).segmentId], [5, 1]);
    const item = capture();
    assert.equal(await runCli(['--features', platform.address, 'item-profile', '{"itemId":"i-9"}'], item.io), 0);
    assert.equal(JSON.parse(item.out.stdout).coViewed[0].itemId, 'i-2');
    const segments = capture();
    assert.equal(await runCli(['--features', platform.address, 'segments', '{}'], segments.io), 0);
    assert.equal(JSON.parse(segments.out.stdout).modelVersion, 3);
    const reviews = capture();
    const reviewsBody = '{"category":"服装","days":30}';
    assert.equal(await runCli(['--features', platform.address, 'review-insights', reviewsBody], reviews.io), 0);
    assert.deepEqual(JSON.parse(reviews.out.stdout).sentiment, [
      { day: '2026-12-01', category: '服装', positive: 3, negative: 1 },
    ]);
    const missing = capture();
    assert.equal(await runCli(['--features', platform.address, 'user-profile', '{"userId":"nobody"}'], missing.io), 1);
    assert.match(missing.out.stderr, /NOT_FOUND/);
  } finally {
    await platform.server.close();
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
    await platform.server.close();
  }
});
