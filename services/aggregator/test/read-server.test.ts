import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import {
  FeaturesClient,
  type ForgetUserReceipt,
  PrivacyClient,
  PrivacyService,
  UserProfile,
  withApiKey,
} from '@demand/contracts';
import { CallAuthorizer, FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { createGrpcMetrics } from '@demand/grpc-server';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { createLogger } from '@demand/telemetry';
import { UserPrivacy } from '../src/domain/user-privacy.js';
import { PrivacyGrpcController } from '../src/grpc/privacy.controller.js';
import { forgettingServedAnswers, ReadServer } from '../src/read-server/read-server.js';
import { profiles } from './profile-cache-fixture.js';

function call<T>(fn: (cb: (error: ServiceError | null, response: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail('expected the call to fail'),
    (e: ServiceError) => [e.code, e.details],
  );

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the read port: a key with the read scope reads, NOT_FOUND and INVALID_ARGUMENT as on the main port, a forgotten user gone once ForgetUser returns, a crashed worker restarted', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'read-server-'));
  const keys = new FileApiKeyStore(path.join(dir, 'keys.json'), 0);
  const admin = issueApiKey({ name: 'dpo', scopes: ['admin'] });
  const reader = issueApiKey({ name: 'app', scopes: ['read'] });
  const tracker = issueApiKey({ name: 'collector', scopes: ['track'] });
  for (const key of [admin, reader, tracker]) await keys.add(key.record);
  const cache = profiles();
  const registry = new Registry();
  const telemetry = {
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: createGrpcMetrics(registry),
  };
  const readServer = new ReadServer(
    { answers: cache, keys, telemetry },
    {
      settings: {
        host: '127.0.0.1',
        port: 0,
        maxReceiveMessageBytes: 1 << 20,
        maxCallMs: 10_000,
        shutdownGraceMs: 500,
        auth: { defaultRatePerSecond: 1000, tenant: 'default', keysRefreshMs: 1000 },
        reportEveryMs: 20,
      },
      restartDelayMs: 50,
      // 30 answers in 5 messages.
      answersAMessage: 7,
    },
  );
  await readServer.start();
  const privacyServer = await startGrpcTestServer({
    services: { 'demand.v1.Privacy': PrivacyService },
    controllers: [PrivacyGrpcController],
    providers: [
      {
        provide: UserPrivacy,
        useValue: new UserPrivacy(
          { deleteUsers: async () => [], exportUsers: async () => [] },
          forgettingServedAnswers({ forgetUsers: async (ids) => cache.forgetUsers(ids) }, readServer),
          (id) => [id],
          { destination: 'privacy.forget.v1', announce: async () => undefined },
        ),
      },
    ],
    guard: {
      maxCallMs: 10_000,
      authorizer: new CallAuthorizer(keys, { defaultRatePerSecond: 100, tenant: 'default' }),
    },
  });
  // Labelled as on the main port: "OK" for success, the status number otherwise.
  const handled = async (code: status) =>
    (await registry.getSingleMetric('grpc_server_handled_total')!.get()).values.find(
      (v) =>
        v.labels.method === 'demand.v1.Features/GetUserProfile' &&
        v.labels.code === (code === status.OK ? 'OK' : String(code)),
    )?.value ?? 0;
  const reads = (key?: string) =>
    new FeaturesClient(`127.0.0.1:${readServer.port}`, credentials.createInsecure(), withApiKey(key));
  const asReader = reads(reader.token);
  const asTracker = reads(tracker.token);
  const anonymous = reads();
  const privacy = new PrivacyClient(privacyServer.address, credentials.createInsecure(), withApiKey(admin.token));
  try {
    assert.equal(readServer.serving, true);
    const read = await call<UserProfile>((cb) => asReader.getUserProfile({ userId: 'u3' }, cb));
    assert.deepEqual(read, UserProfile.decode(cache.encodedUserProfile('u3')));
    assert.equal(read.userId, 'u3');
    for (const { userId } of cache.allUserProfiles()) {
      const answer = await call<UserProfile>((cb) => asReader.getUserProfile({ userId }, cb));
      assert.deepEqual(answer, UserProfile.decode(cache.encodedUserProfile(userId)), userId);
    }
    assert.deepEqual(await failure(call((cb) => asReader.getUserProfile({ userId: 'nobody' }, cb))), [
      status.NOT_FOUND,
      'user "nobody" has no profile',
    ]);
    assert.deepEqual(await failure(call((cb) => asReader.getUserProfile({ userId: '' }, cb))), [
      status.INVALID_ARGUMENT,
      'user_id is required',
    ]);
    assert.equal(
      (await failure(call((cb) => anonymous.getUserProfile({ userId: 'u3' }, cb))))[0],
      status.UNAUTHENTICATED,
    );
    assert.equal(
      (await failure(call((cb) => asTracker.getUserProfile({ userId: 'u3' }, cb))))[0],
      status.PERMISSION_DENIED,
    );

    const receipt = await call<ForgetUserReceipt>((cb) => privacy.forgetUser({ userId: 'u3' }, cb));
    assert.deepEqual(
      receipt.removed.map((r) => [r.store, r.rows]),
      [['memory', 1]],
    );
    // No wait: the worker dropped the answer before ForgetUser was answered.
    assert.deepEqual(await failure(call((cb) => asReader.getUserProfile({ userId: 'u3' }, cb))), [
      status.NOT_FOUND,
      'user "u3" has no profile',
    ]);

    // The worker's calls in the service's metrics (a crash loses those not reported yet, ≤ reportEveryMs of them).
    await until(async () => (await handled(status.NOT_FOUND)) === 2, 'the calls reported');
    assert.equal(await handled(status.OK), 31);
    assert.equal(await handled(status.INVALID_ARGUMENT), 1);
    assert.equal(await handled(status.UNAUTHENTICATED), 1);
    assert.equal(await handled(status.PERMISSION_DENIED), 1);

    // A worker lost unasked: not serving (readiness) until a new one listens, with every answer.
    await (readServer as unknown as { worker: Worker }).worker.terminate();
    assert.equal(readServer.serving, false);
    await until(() => readServer.serving, 'the worker to be restarted');
    for (const { userId } of cache.allUserProfiles()) {
      const answer = await call<UserProfile>((cb) => asReader.getUserProfile({ userId }, cb));
      assert.deepEqual(answer, UserProfile.decode(cache.encodedUserProfile(userId)), userId);
    }
    assert.equal((await failure(call((cb) => asReader.getUserProfile({ userId: 'u3' }, cb))))[0], status.NOT_FOUND);
  } finally {
    for (const client of [asReader, asTracker, anonymous, privacy]) client.close();
    await privacyServer.close();
    await readServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The new worker's calls: reported at the latest when it closed.
  assert.equal(await handled(status.OK), 31 + cache.userCount);
  assert.equal(await handled(status.NOT_FOUND), 3);
});
