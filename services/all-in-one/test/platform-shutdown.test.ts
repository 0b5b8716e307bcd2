import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { type ClosablePart, stopPlatformParts } from '../src/platform-shutdown.js';

function parts(failing: ReadonlySet<string>) {
  const closed: string[] = [];
  const part = (name: string): ClosablePart => ({
    name,
    close: async () => {
      closed.push(name);
      if (failing.has(name)) throw new Error(`${name} would not close`);
    },
  });
  const platform = {
    stages: [[part('collector'), part('aggregator')], [part('gateway')]],
    store: part('analytics store'),
    broker: part('broker'),
  };
  return { platform, closed };
}

test('stop closes every stage, the last first, then the analytics store and the broker', async () => {
  const { platform, closed } = parts(new Set());
  await stopPlatformParts(platform);
  assert.deepEqual(closed, ['gateway', 'collector', 'aggregator', 'analytics store', 'broker']);
});

test('a part that fails to close does not keep the others open, and the error names every failure', async () => {
  const { platform, closed } = parts(new Set(['gateway', 'aggregator', 'analytics store']));
  const error = await stopPlatformParts(platform).then(
    () => assert.fail('stop resolved although three parts failed'),
    (e: unknown) => e,
  );
  assert.deepEqual(closed, ['gateway', 'collector', 'aggregator', 'analytics store', 'broker']);
  assert.ok(Error.isError(error) && error.name === 'AggregateError');
  assert.deepEqual(
    (error as AggregateError).errors.map((e: Error) => e.message),
    ['gateway would not close', 'aggregator would not close', 'analytics store would not close'],
  );
  assert.match(error.message, /3 part\(s\) failed to close/);
  for (const name of ['gateway', 'aggregator', 'analytics store']) assert.match(error.message, new RegExp(name));
});
