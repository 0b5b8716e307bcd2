import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants.js';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { FeaturesGrpcController } from '../src/grpc/features.controller.js';

const answeredDirectly =
  'GetUserProfile is answered directly (transport.answerDirectly): Nest runs no guard, interceptor, pipe or ' +
  'filter for it, so one added here would be skipped for it; add it to answerUserProfile too';

test('FeaturesGrpcController: only GrpcCallInterceptor and GrpcExceptionFilter, none on getUserProfile', () => {
  const getUserProfile = FeaturesGrpcController.prototype.getUserProfile;
  assert.deepEqual(Reflect.getMetadata(INTERCEPTORS_METADATA, FeaturesGrpcController), [GrpcCallInterceptor]);
  assert.deepEqual(Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, FeaturesGrpcController), [GrpcExceptionFilter]);
  for (const [where, target] of Object.entries({ class: FeaturesGrpcController, getUserProfile })) {
    for (const key of [GUARDS_METADATA, PIPES_METADATA]) {
      assert.deepEqual(Reflect.getMetadata(key, target) ?? [], [], `${key} on ${where}: ${answeredDirectly}`);
    }
  }
  for (const key of [INTERCEPTORS_METADATA, EXCEPTION_FILTERS_METADATA]) {
    assert.deepEqual(
      Reflect.getMetadata(key, getUserProfile) ?? [],
      [],
      `${key} on getUserProfile: ${answeredDirectly}`,
    );
  }
});
