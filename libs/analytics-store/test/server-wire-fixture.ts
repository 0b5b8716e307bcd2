import assert from 'node:assert/strict';
import { AnalyticsStoreError, createAnalyticsStore, type AnalyticsStore } from '../src/index.js';
import { startFakeClickHouse, type FakeReply, type RecordedRequest } from './fake-clickhouse.js';

/** Runs `scenario` against a fake ClickHouse answering with `answer`; returns what was sent. */
export async function onTheWire(
  answer: (request: RecordedRequest) => FakeReply,
  scenario: (store: AnalyticsStore) => Promise<void>,
): Promise<RecordedRequest[]> {
  const fake = await startFakeClickHouse(answer);
  const store = createAnalyticsStore({
    mode: 'server',
    url: fake.url,
    username: 'analyst',
    password: 's3cret',
    database: 'demand',
    requestTimeoutMs: 2000,
  });
  try {
    await scenario(store);
  } finally {
    await store.close();
    await fake.close();
  }
  return fake.requests;
}

export async function failureOf(promise: Promise<unknown>): Promise<AnalyticsStoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AnalyticsStoreError, `expected an AnalyticsStoreError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
