import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants.js';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { RecommendGrpcController } from '../src/grpc/recommend.controller.js';

const answeredDirectly =
  'Recommend is answered directly (transport.answerDirectly): Nest runs no guard, interceptor, pipe or filter ' +
  'for it, so one added here would be skipped; add it to the direct handler instead';

test('RecommendGrpcController and its recommend carry no guard, interceptor or pipe, and only GrpcExceptionFilter', () => {
  const targets = { class: RecommendGrpcController, recommend: RecommendGrpcController.prototype.recommend };
  for (const [where, target] of Object.entries(targets)) {
    for (const key of [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA]) {
      assert.deepEqual(Reflect.getMetadata(key, target) ?? [], [], `${key} on ${where}: ${answeredDirectly}`);
    }
  }
  assert.deepEqual(
    Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, RecommendGrpcController),
    [GrpcExceptionFilter],
    answeredDirectly,
  );
  assert.deepEqual(
    Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, RecommendGrpcController.prototype.recommend) ?? [],
    [],
    answeredDirectly,
  );
});
