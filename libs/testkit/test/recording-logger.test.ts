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

test("pino's fatal is kept as an error and its trace as debug", () => {
  const logged = recordingLogger({ allLevels: true });
  logged.write(JSON.stringify({ level: 'fatal', msg: 'gone' }));
  logged.write(JSON.stringify({ level: 'trace', msg: 'step' }));
  assert.deepEqual(
    logged.lines.map((line) => [line.level, line.message]),
    [
      ['error', 'gone'],
      ['debug', 'step'],
    ],
  );
});

test('counting a message logged at a level not kept throws rather than answering 0', () => {
  const logged = recordingLogger();
  logged.info({}, 'started');
  logged.write(JSON.stringify({ level: 'debug', msg: 'polled' }));
  assert.throws(() => logged.count('started'), /logged at info, which this logger does not keep/);
  assert.throws(() => logged.count('polled'), /logged at debug/);
  assert.equal(logged.count('never logged'), 0);
  const all = recordingLogger({ allLevels: true });
  all.info({}, 'started');
  assert.equal(all.count('started'), 1);
});
