import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createLogger } from '@demand/telemetry';
import { consoleProblems } from '../src/console-lines.js';

test('the console gets warnings as plain one-liners and none of kafkajs own lines', () => {
  const lines: string[] = [];
  const file: string[] = [];
  const logger = createLogger({
    service: 'embedder',
    level: 'info',
    destination: { write: (json: string) => void file.push(json) },
    problemsDestination: consoleProblems((line) => lines.push(line)),
  });
  logger.info('started');
  logger.warn({ component: 'models', error: 'no CUDA here\nstack…' }, 'text encoder falls back to cpu');
  logger.error({ component: 'kafkajs', namespace: 'Connection' }, 'Connection timeout');
  assert.deepEqual(lines, ['warn  embedder: text encoder falls back to cpu (no CUDA here)']);
  assert.equal(file.length, 3, 'the log file keeps every line as JSON');
});
