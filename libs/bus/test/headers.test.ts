import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Headers } from '@demand/contracts';
import { deadLetterHeaders, decodeHeaders, publishHeaders } from '../src/headers.js';

test('decodes buffer and string header values; a repeated header keeps its last value', () => {
  assert.deepEqual(
    decodeHeaders({
      a: Buffer.from('bytes'),
      b: 'text',
      c: [Buffer.from('first'), 'last'],
      d: undefined,
      e: Buffer.from('中文'),
    }),
    { a: 'bytes', b: 'text', c: 'last', e: '中文' },
  );
  assert.deepEqual(decodeHeaders(undefined), {});
});

test('publish headers: extras, then only the trace context, which wins over an extra of its name', () => {
  const headers = publishHeaders({
    extra: { source: 'web', [Headers.traceparent]: 'forged' },
    traceContext: {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: '',
      other: 'x',
    },
  });
  assert.deepEqual(headers, { source: 'web', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  assert.deepEqual(publishHeaders({}), {});
});

test('dead-letter headers keep the original headers and say why, where and how often', () => {
  const original = { 'content-type': Buffer.from('ct'), 'x-attempts': Buffer.from('9'), traceparent: 'tp' };
  const headers = deadLetterHeaders(original, {
    reason: 'bad',
    stage: 'decode',
    originalTopic: 'events.raw.v1',
    contentType: 'topic-type',
    partition: 3,
    offset: '42',
  });
  assert.deepEqual(headers, {
    'content-type': Buffer.from('ct'),
    traceparent: 'tp',
    'x-error': 'bad',
    'x-error-stage': 'decode',
    'x-original-topic': 'events.raw.v1',
    'x-original-partition': '3',
    'x-original-offset': '42',
  });
  assert.equal(original['x-attempts'].toString(), '9', 'the original is not modified');
  const retried = deadLetterHeaders(undefined, {
    reason: 'r'.repeat(5000),
    stage: 'handler',
    originalTopic: 't',
    contentType: 'topic-type',
    partition: 0,
    offset: '0',
    attempts: 4,
  });
  assert.equal(retried['x-attempts'], '4');
  assert.equal(retried['content-type'], 'topic-type', "a letter without a content type gets its topic's");
  assert.ok((retried['x-error'] as string).length <= 1001, 'long reasons are truncated');
});
