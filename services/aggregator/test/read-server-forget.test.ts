import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Client, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { FeaturesClient, type UserProfile } from '@demand/contracts';
import type { AnswerSource } from '../src/read-server/answer-sync.js';
import { forgettingServedAnswers, ReadServer } from '../src/read-server/read-server.js';
import { profiles } from './profile-cache-fixture.js';
import { LOCAL_READ_SETTINGS, quietTelemetry } from './read-server-fixture.js';

/** The real worker, no API keys. */
async function startedReadServer(answers: AnswerSource): Promise<ReadServer> {
  const readServer = new ReadServer({ answers, telemetry: quietTelemetry() }, { settings: LOCAL_READ_SETTINGS });
  await readServer.start();
  return readServer;
}

test("a forget drops the users' answers from the worker without a sync's scan of every user", async () => {
  const cache = profiles();
  let scans = 0;
  const answers: AnswerSource = {
    hasUser: (id) => cache.hasUser(id),
    allUserProfiles: () => {
      scans++;
      return cache.allUserProfiles();
    },
    encodedUserProfile: (id) => cache.encodedUserProfile(id),
    get userCount() {
      return cache.userCount;
    },
    get latestSegmentation() {
      return cache.latestSegmentation;
    },
  };
  const readServer = await startedReadServer(answers);
  const client = new FeaturesClient(`127.0.0.1:${readServer.port}`, credentials.createInsecure());
  const read = (userId: string) =>
    new Promise<UserProfile>((resolve, reject) =>
      client.getUserProfile({ userId }, (error: ServiceError | null, profile: UserProfile) =>
        error ? reject(error) : resolve(profile),
      ),
    );
  try {
    assert.equal((await read('u3')).userId, 'u3');
    const scansBefore = scans;
    const privacy = forgettingServedAnswers({ forgetUsers: async (ids) => cache.forgetUsers(ids) }, readServer);
    assert.equal(await privacy.forgetUsers(['u3', 'nobody']), 1);
    assert.equal(scans, scansBefore, 'no scan of every user for a forget');
    await assert.rejects(read('u3'), (error: ServiceError) => error.code === status.NOT_FOUND);
    assert.equal((await read('u4')).userId, 'u4');
  } finally {
    client.close();
    await readServer.close();
  }
});

test('the health Check answers SERVING for the server and the Features service, NOT_FOUND for other names', async () => {
  const readServer = await startedReadServer(profiles());
  const client = new Client(`127.0.0.1:${readServer.port}`, credentials.createInsecure());
  const check = (service: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const name = Buffer.from(service);
      const request = service === '' ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
      client.makeUnaryRequest(
        '/grpc.health.v1.Health/Check',
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        request,
        (error, response) => (error ? reject(error) : resolve(response!)),
      );
    });
  try {
    const serving = Buffer.from([0x08, 0x01]);
    assert.deepEqual(await check(''), serving);
    assert.deepEqual(await check('demand.v1.Features'), serving);
    await assert.rejects(check('demand.v1.Privacy'), (error: ServiceError) => {
      assert.equal(error.code, status.NOT_FOUND);
      assert.equal(error.details, 'Health status unknown for service demand.v1.Privacy');
      return true;
    });
  } finally {
    client.close();
    await readServer.close();
  }
});
