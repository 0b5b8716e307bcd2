import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { declaredEnhancers } from '@demand/grpc-server/testing';
import { FeaturesGrpcController } from '../src/grpc/features.controller.js';

const answeredDirectly =
  'GetUserProfile is answered directly (transport.answerDirectly): Nest runs no guard, interceptor, pipe or ' +
  'filter for it, so one added here would be skipped for it; add it to answerUserProfile too';

test('FeaturesGrpcController: only GrpcCallInterceptor and GrpcExceptionFilter, none on getUserProfile', () => {
  assert.deepEqual(
    declaredEnhancers(FeaturesGrpcController),
    { guards: [], interceptors: [GrpcCallInterceptor], pipes: [], filters: [GrpcExceptionFilter] },
    answeredDirectly,
  );
  assert.deepEqual(
    declaredEnhancers(FeaturesGrpcController.prototype.getUserProfile),
    { guards: [], interceptors: [], pipes: [], filters: [] },
    answeredDirectly,
  );
});
