import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { declaredEnhancers } from '@demand/grpc-server/testing';
import { AdmissionInterceptor } from '../src/grpc/admission.interceptor.js';
import { CollectorGrpcController } from '../src/grpc/collector.controller.js';

const answeredDirectly =
  'TrackBatch is answered directly (transport.answerDirectly): Nest runs no guard, interceptor, pipe or ' +
  'filter for it, so one added here would be skipped for it; add it to answerTrackBatch too';

test('CollectorGrpcController: call interceptor, admission and exception filter; none on trackBatch', () => {
  assert.deepEqual(
    declaredEnhancers(CollectorGrpcController),
    {
      guards: [],
      interceptors: [GrpcCallInterceptor, AdmissionInterceptor],
      pipes: [],
      filters: [GrpcExceptionFilter],
    },
    answeredDirectly,
  );
  assert.deepEqual(
    declaredEnhancers(CollectorGrpcController.prototype.trackBatch),
    { guards: [], interceptors: [], pipes: [], filters: [] },
    answeredDirectly,
  );
});
