import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import {
  FeaturesClient,
  FeaturesService,
  type ForgetUserReceipt,
  PrivacyClient,
  PrivacyService,
  type SegmentList,
  type UserExport,
  type UserProfile,
  withApiKey,
} from '@demand/contracts';
import { CallAuthorizer, FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import { storedIdsOf } from '../src/adapters/pseudonym-ids.js';
import { Aggregator } from '../src/domain/aggregator.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { ReviewInsights } from '../src/domain/review-insights.js';
import { UserPrivacy } from '../src/domain/user-privacy.js';
import { FeaturesGrpcController } from '../src/grpc/features.controller.js';
import { PrivacyGrpcController } from '../src/grpc/privacy.controller.js';
import { profiles } from './profile-cache-fixture.js';
import type { UserDataStore } from '../src/ports/user-data-store.port.js';

/** Rows per stored user id; deleting removes them. */
function memoryStore(rows: Map<string, number>): UserDataStore {
  return {
    async deleteUsers(ids) {
      const n = ids.reduce((sum, id) => sum + (rows.get(id) ?? 0), 0);
      for (const id of ids) rows.delete(id);
      return [{ table: 'clean_events', rows: n }];
    },
    async exportUsers(ids) {
      return [{ table: 'clean_events', rows: ids.filter((id) => rows.has(id)).map((id) => ({ user_id: id })) }];
    },
  };
}

function call<T>(fn: (cb: (error: ServiceError | null, response: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

test('ForgetUser over gRPC: admin keys only, profile and segment point gone, receipt per table, idempotent', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'privacy-grpc-'));
  const keys = new FileApiKeyStore(path.join(dir, 'keys.json'), 0);
  const admin = issueApiKey({ name: 'dpo', scopes: ['admin'] });
  const reader = issueApiKey({ name: 'app', scopes: ['read', 'track', 'recommend'] });
  await keys.add(admin.record);
  await keys.add(reader.record);
  const cache = profiles();
  const rows = new Map([['u3', 4]]);
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService, 'demand.v1.Privacy': PrivacyService },
    controllers: [FeaturesGrpcController, PrivacyGrpcController],
    providers: [
      { provide: Aggregator, useValue: {} },
      { provide: ProfileCache, useValue: cache },
      { provide: ReviewInsights, useValue: {} },
      {
        provide: UserPrivacy,
        useValue: new UserPrivacy(memoryStore(rows), cache, (id) => [id], {
          destination: 'privacy.forget.v1',
          announce: async () => undefined,
        }),
      },
    ],
    provideTransportAs: GRPC_TRANSPORT,
    guard: {
      maxCallMs: 10_000,
      authorizer: new CallAuthorizer(keys, { defaultRatePerSecond: 100, tenant: 'default' }),
    },
  });
  const privacy = (key: string) => new PrivacyClient(server.address, credentials.createInsecure(), withApiKey(key));
  const features = new FeaturesClient(server.address, credentials.createInsecure(), withApiKey(admin.token));
  const asAdmin = privacy(admin.token);
  const asReader = privacy(reader.token);
  try {
    const denied = await call((cb) => asReader.forgetUser({ userId: 'u3' }, cb)).catch((e: ServiceError) => e.code);
    assert.equal(denied, status.PERMISSION_DENIED);
    assert.equal((await call<UserProfile>((cb) => features.getUserProfile({ userId: 'u3' }, cb))).userId, 'u3');
    // GetUserProfile is answered at the transport, past Nest's pipeline: the key must still be checked there.
    const keyless = new FeaturesClient(server.address, credentials.createInsecure());
    const unknownKey = new FeaturesClient(server.address, credentials.createInsecure(), withApiKey('dmk_unknown'));
    try {
      for (const client of [keyless, unknownKey]) {
        const refused = await call((cb) => client.getUserProfile({ userId: 'u3' }, cb)).catch((e: ServiceError) => e);
        assert.equal((refused as ServiceError).code, status.UNAUTHENTICATED);
      }
    } finally {
      keyless.close();
      unknownKey.close();
    }

    const exported = await call<UserExport>((cb) => asAdmin.exportUser({ userId: 'u3' }, cb));
    assert.deepEqual(exported.tables[0]?.rowsJson, ['{"user_id":"u3"}']);

    const receipt = await call<ForgetUserReceipt>((cb) => asAdmin.forgetUser({ userId: 'u3' }, cb));
    assert.deepEqual(
      receipt.removed.map((r) => [r.store, r.table, r.rows]),
      [
        ['clickhouse', 'clean_events', 4],
        ['memory', 'profiles', 1],
      ],
    );
    assert.ok(receipt.completedAt instanceof Date);
    assert.deepEqual(receipt.forwardedTo, ['privacy.forget.v1']);
    const gone = await call((cb) => features.getUserProfile({ userId: 'u3' }, cb)).catch((e: ServiceError) => e.code);
    assert.equal(gone, status.NOT_FOUND);
    const segments = await call<SegmentList>((cb) => features.listSegments({ pointLimit: 1000 }, cb));
    assert.equal(segments.points.length, 29);
    assert.ok(!segments.points.some((p) => p.userId === 'u3'));

    const again = await call<ForgetUserReceipt>((cb) => asAdmin.forgetUser({ userId: 'u3' }, cb));
    assert.deepEqual(
      again.removed.map((r) => r.rows),
      [0, 0],
    );
    const empty = await call((cb) => asAdmin.forgetUser({ userId: '' }, cb)).catch((e: ServiceError) => e);
    assert.deepEqual(
      [(empty as ServiceError).code, (empty as ServiceError).details],
      [status.INVALID_ARGUMENT, 'user_id: must not be empty'],
    );
  } finally {
    for (const c of [asAdmin, asReader, features]) c.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ids of a user: the pseudonym under the local key file, and the raw id; no key in production: a clear refusal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'privacy-key-'));
  try {
    const file = path.join(dir, 'pseudonym.key');
    const ids = storedIdsOf({ kind: 'local-file', file })('shop-user-1');
    assert.match(ids[0]!, /^p[0-9a-f]{32}$/);
    assert.equal(ids[1], 'shop-user-1');
    assert.deepEqual(storedIdsOf({ kind: 'local-file', file })('shop-user-1'), ids, 'same key file, same pseudonym');
    assert.throws(
      () => storedIdsOf({ kind: 'missing' })('shop-user-1'),
      (e: unknown) => (e as { code: string }).code === 'FAILED_PRECONDITION',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
