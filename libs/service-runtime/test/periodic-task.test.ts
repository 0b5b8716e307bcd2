import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from '@jest/globals';
import type { Logger } from '@demand/telemetry';
import { PeriodicTask } from '../src/periodic-task.js';

function recordingLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = { error: (_fields: unknown, message: string) => errors.push(message) } as unknown as Logger;
  return { logger, errors };
}

test('runs at start when asked, then every period; a run in flight is not doubled; stop waits for it', async () => {
  let started = 0;
  let finished = 0;
  let release: () => void = () => undefined;
  const run = async () => {
    started++;
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    finished++;
  };
  const { logger } = recordingLogger();
  const task = new PeriodicTask(run, { everyMs: 5, runAtStart: true, failureMessage: 'x' }, logger);
  task.start();
  assert.equal(started, 1, 'the first run starts at once');
  await sleep(40);
  assert.equal(started, 1, 'ticks while the run is in flight start nothing');
  const stopped = task.stop();
  let stopResolved = false;
  void stopped.then(() => {
    stopResolved = true;
  });
  await sleep(10);
  assert.equal(stopResolved, false, 'stop waits for the run in flight');
  release();
  await stopped;
  assert.equal(finished, 1);
  await sleep(20);
  assert.equal(started, 1, 'nothing runs after stop');
});

test('a failed run is logged with the configured message and the schedule goes on', async () => {
  let calls = 0;
  const run = async () => {
    calls++;
    if (calls === 1) throw new Error('store down');
  };
  const { logger, errors } = recordingLogger();
  const task = new PeriodicTask(run, { everyMs: 5, failureMessage: 'refresh failed' }, logger);
  task.start();
  assert.equal(calls, 0, 'without runAtStart the first run waits a period');
  for (let i = 0; i < 100 && calls < 3; i++) await sleep(5);
  await task.stop();
  assert.ok(calls >= 3, `ran ${calls} times`);
  assert.deepEqual(errors, ['refresh failed']);
});
