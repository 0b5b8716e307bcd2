import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { recordingLogger } from '../src/index.js';

test('lines logged by calls and lines written by pino as its destination are kept alike, warnings and up', () => {
  const logged = recordingLogger();
  logged.info({ a: 1 }, 'not kept');
  logged.error({ partition: 3 }, 'refused');
  logged.write(JSON.stringify({ level: 'error', time: 't', service: 's', attempt: 2, msg: 'refused' }));
  logged.write(JSON.stringify({ level: 'info', msg: 'not kept either' }));
  assert.deepEqual(logged.lines, [
    { level: 'error', fields: { partition: 3 }, message: 'refused' },
    { level: 'error', fields: { time: 't', service: 's', attempt: 2 }, message: 'refused' },
  ]);
  assert.equal(logged.count('refused'), 2);
  assert.equal(recordingLogger({ allLevels: true }).count('x'), 0);
  assert.throws(() => logged.write(JSON.stringify({ level: 50, msg: 'numeric level' })), /level label/);
});
