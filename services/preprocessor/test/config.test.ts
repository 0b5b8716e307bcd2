import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError } from '@demand/config';
import { loadPreprocessorConfig } from '../src/config.js';

const secret = 'an-example-secret-key-of-forty-characters';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadPreprocessorConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.problems];
  }
}

test('production needs a pseudonym key; local mode keeps a generated one beside the analytics data', () => {
  assert.deepEqual(problemsOf({ NODE_ENV: 'production' }), [
    'PRIVACY_PSEUDONYM_KEY: is required when NODE_ENV=production (a secret of at least 32 characters; it is not set)',
  ]);
  const local = loadPreprocessorConfig({ ANALYTICS_DATA_DIR: '/srv/demo/clickhouse' });
  assert.deepEqual(local.pseudonymKey, {
    kind: 'local-file',
    file: path.join('/srv/demo/preprocessor', 'pseudonym.key'),
  });
  assert.equal(local.dataDir, '/srv/demo/preprocessor');
  assert.equal(loadPreprocessorConfig({ PREPROCESSOR_DATA_DIR: '/var/pre' }).dataDir, '/var/pre');
  const production = loadPreprocessorConfig({ NODE_ENV: 'production', PRIVACY_PSEUDONYM_KEY: secret });
  assert.equal(production.pseudonymKey.kind, 'configured');
});

test('the key never appears in errors or in the parsed environment', () => {
  const short = 'too-short-secret';
  const problems = problemsOf({ PRIVACY_PSEUDONYM_KEY: short, PREPROCESSOR_LATE_AFTER_MS: 'soon' });
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.ok(
    problems.some((p) =>
      /PRIVACY_PSEUDONYM_KEY: must be at least 32 characters \(got 16; the value is never shown\)/.test(p),
    ),
  );
  assert.ok(!problems.join('\n').includes(short));
  const config = loadPreprocessorConfig({ PRIVACY_PSEUDONYM_KEY: secret });
  assert.ok(!JSON.stringify(config).includes(secret));
});

test('currency settings: a table of rates to the base currency, every bad entry listed with the others', () => {
  const config = loadPreprocessorConfig({
    PREPROCESSOR_BASE_CURRENCY: 'USD',
    PREPROCESSOR_CURRENCY_RATES: 'CNY=0.14,EUR=1.08',
  });
  assert.equal(config.currency.base, 'USD');
  assert.deepEqual(
    [...config.currency.rates],
    [
      ['CNY', 0.14],
      ['EUR', 1.08],
    ],
  );
  assert.ok(loadPreprocessorConfig({}).currency.rates.has('USD'), 'a default table is there');
  const problems = problemsOf({ PREPROCESSOR_CURRENCY_RATES: 'USD=x,EUR=1', KAFKA_BROKERS: 'nope' });
  assert.equal(problems.length, 2, problems.join('\n'));
});

test('the join of partitions into one pass is configured, and checked', () => {
  assert.deepEqual(loadPreprocessorConfig({}).join, { maxValues: 10_000, lingerMs: 0 });
  const set = loadPreprocessorConfig({ PREPROCESSOR_JOIN_MAX_EVENTS: '2000', PREPROCESSOR_JOIN_LINGER_MS: '5' });
  assert.deepEqual(set.join, { maxValues: 2000, lingerMs: 5 });
  assert.equal(problemsOf({ PREPROCESSOR_JOIN_MAX_EVENTS: '0' }).length, 1);
  assert.equal(problemsOf({ PREPROCESSOR_JOIN_LINGER_MS: '-1' }).length, 1);
  assert.equal(loadPreprocessorConfig({ PREPROCESSOR_JOIN_LINGER_MS: '1000' }).join.lingerMs, 1000);
  const tooLong = problemsOf({ PREPROCESSOR_JOIN_LINGER_MS: '1001' });
  assert.equal(tooLong.length, 1, 'a linger past 1 s is refused, not left to outlast the shutdown grace');
  assert.match(tooLong[0]!, /PREPROCESSOR_JOIN_LINGER_MS.*at most 1000/);
});
