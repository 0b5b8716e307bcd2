import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { declaredEnhancers } from '@demand/grpc-server/testing';
import { RecommendGrpcController } from '../src/grpc/recommend.controller.js';

const answeredDirectly =
  'Recommend is answered directly (transport.answerDirectly): Nest runs no guard, interceptor, pipe or filter ' +
  'for it, so one added here would be skipped; add it to the direct handler instead';

test('RecommendGrpcController and its recommend carry no guard, interceptor or pipe, and only GrpcExceptionFilter', () => {
  assert.deepEqual(
    declaredEnhancers(RecommendGrpcController),
    { guards: [], interceptors: [], pipes: [], filters: [GrpcExceptionFilter] },
    answeredDirectly,
  );
  assert.deepEqual(
    declaredEnhancers(RecommendGrpcController.prototype.recommend),
    { guards: [], interceptors: [], pipes: [], filters: [] },
    answeredDirectly,
  );
});
