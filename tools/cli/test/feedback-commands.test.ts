import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Controller, UseFilters } from '@nestjs/common';
import {
  type FeedbackController,
  FeedbackControllerMethods,
  FeedbackService,
  GetModelMetricsResponse,
  type GetIntentMixRequest,
  type GetMetricsOverTimeRequest,
  IntentMix,
  type GetModelMetricsRequest,
  MetricsOverTime,
  type RequestRetrainingRequest,
  type SubmitLabelsRequest,
} from '@demand/contracts';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { runCli } from '../src/index.js';
import { capture } from './support/capture-io.js';

const seen: unknown[] = [];

@Controller()
@UseFilters(GrpcExceptionFilter)
@FeedbackControllerMethods()
class FakeFeedback implements FeedbackController {
  async getModelMetrics(req: GetModelMetricsRequest) {
    seen.push(req);
    return GetModelMetricsResponse.fromPartial({
      metrics: [{ modelVersion: 'v1', arm: req.controlArm, served: 400, clickedLists: 100, ctr: 0.25 }],
    });
  }

  async getMetricsOverTime(req: GetMetricsOverTimeRequest) {
    seen.push(req);
    return MetricsOverTime.fromPartial({
      fromDay: '2026-12-01',
      days: [{ day: '2026-12-01', metrics: { modelVersion: 'v1', arm: 'control', served: 40, ctr: 0.1 } }],
    });
  }

  async getIntentMix(req: GetIntentMixRequest) {
    seen.push(req);
    return IntentMix.fromPartial({
      fromDay: '2026-12-01',
      days: [{ day: '2026-12-01', intent: 'complaint', turns: 3, share: 0.75 }],
      turns: 4,
    });
  }

  async requestRetraining(req: RequestRetrainingRequest) {
    seen.push(req);
    if (!req.model) throw Object.assign(new Error('model: required'), { code: 'INVALID_ARGUMENT' });
    return { requestedAt: '2026-12-05T00:00:00.000Z' };
  }

  async submitLabels(req: SubmitLabelsRequest) {
    seen.push(req);
    return { stored: req.labels.length };
  }
}

test('model-metrics, retrain, label, metrics-over-time and intent-mix call Feedback at --feedback and print JSON', async () => {
  seen.length = 0;
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Feedback': FeedbackService },
    controllers: [FakeFeedback],
  });
  try {
    const metrics = capture();
    const body = '{"windowHours":24,"controlArm":"control"}';
    assert.equal(await runCli(['--feedback', server.address, 'model-metrics', body], metrics.io), 0);
    assert.equal(JSON.parse(metrics.out.stdout).metrics[0].ctr, 0.25);
    assert.equal((seen[0] as GetModelMetricsRequest).windowHours, 24);

    const retrain = capture();
    assert.equal(await runCli(['--feedback', server.address, 'retrain', '{"model":"recommender"}'], retrain.io), 0);
    assert.equal(JSON.parse(retrain.out.stdout).requestedAt, '2026-12-05T00:00:00.000Z');

    const label = capture();
    const labels = '{"labels":[{"text":"快递太慢了","intent":"complaint"},{"eventId":"e-1","sentiment":"positive"}]}';
    assert.equal(await runCli(['--feedback', server.address, 'label', labels], label.io), 0);
    assert.deepEqual(JSON.parse(label.out.stdout), { stored: 2 });
    assert.equal((seen[2] as SubmitLabelsRequest).labels[1]?.eventId, 'e-1');

    const overTime = capture();
    assert.equal(await runCli(['--feedback', server.address, 'metrics-over-time', '{"days":5}'], overTime.io), 0);
    assert.equal(JSON.parse(overTime.out.stdout).days[0].metrics.ctr, 0.1);
    assert.equal((seen[3] as GetMetricsOverTimeRequest).days, 5);

    const intents = capture();
    assert.equal(await runCli(['--feedback', server.address, 'intent-mix', '{"days":3}'], intents.io), 0);
    assert.deepEqual(JSON.parse(intents.out.stdout).days[0], {
      day: '2026-12-01',
      intent: 'complaint',
      turns: 3,
      share: 0.75,
    });
    assert.equal((seen[4] as GetIntentMixRequest).days, 3);

    const bad = capture();
    assert.equal(await runCli(['--feedback', server.address, 'retrain', '{}'], bad.io), 1);
    assert.match(bad.out.stderr, /INVALID_ARGUMENT: model/);
  } finally {
    await server.close();
  }
});

test('the usage lists the feedback commands and the feedback default address', async () => {
  const help = capture();
  assert.equal(await runCli(['help'], help.io), 0);
  for (const name of [
    'model-metrics',
    'metrics-over-time',
    'intent-mix',
    'retrain',
    'label',
    '--feedback',
    '127.0.0.1:50057',
  ])
    assert.ok(help.out.stdout.includes(name), name);
});
