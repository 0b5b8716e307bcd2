import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  ConfigError,
  checkPlatformFields,
  env,
  evenAfterFieldErrors,
  grpcAuthRequired,
  grpcFields,
  parseConfig,
  scopedEnvironment,
  z,
} from '../src/index.js';

const schema = z.object({
  GRPC_PORT: env.port(50051),
  KAFKA_BROKERS: env.hostPortList(['127.0.0.1:9092']),
  TRACING: env.flag(false),
  STORE_MODE: env.oneOf(['embedded', 'server'] as const, 'embedded'),
});

test('defaults fill what is not set', () => {
  assert.deepEqual(parseConfig(schema, {}), {
    GRPC_PORT: 50051,
    KAFKA_BROKERS: ['127.0.0.1:9092'],
    TRACING: false,
    STORE_MODE: 'embedded',
  });
});

test('values are coerced from strings', () => {
  const config = parseConfig(schema, {
    GRPC_PORT: '0',
    KAFKA_BROKERS: 'a:1, b:2',
    TRACING: 'yes',
    STORE_MODE: 'server',
  });
  assert.equal(config.GRPC_PORT, 0);
  assert.deepEqual(config.KAFKA_BROKERS, ['a:1', 'b:2']);
  assert.equal(config.TRACING, true);
});

test('every bad variable is named at once with what was found', () => {
  const error = (() => {
    try {
      parseConfig(schema, { GRPC_PORT: 'abc', KAFKA_BROKERS: 'nohost', TRACING: 'maybe', STORE_MODE: 'cloud' });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(error instanceof ConfigError);
  assert.equal(error.problems.length, 4);
  assert.match(error.message, /GRPC_PORT: .*port.*got "abc"/);
  assert.match(error.message, /KAFKA_BROKERS: .*host:port.*got "nohost"/);
  assert.match(error.message, /TRACING: expected true or false/);
  assert.match(error.message, /STORE_MODE: expected one of embedded, server/);
});

test('a service prefix scopes variables over the shared ones', () => {
  const scoped = scopedEnvironment({ GRPC_PORT: '1', COLLECTOR_GRPC_PORT: '7', KAFKA_BROKERS: 'k:1' }, 'collector');
  assert.equal(scoped.GRPC_PORT, '7');
  assert.equal(scoped.KAFKA_BROKERS, 'k:1');
});

test('platform fields: a ClickHouse server needs its URL', async () => {
  const { analyticsFields, checkPlatformFields } = await import('../src/index.js');
  const schema = z.object(analyticsFields).superRefine(checkPlatformFields);
  assert.throws(
    () => parseConfig(schema, { ANALYTICS_STORE: 'server' }),
    /CLICKHOUSE_URL: is required when ANALYTICS_STORE=server/,
  );
  assert.equal(
    parseConfig(schema, { ANALYTICS_STORE: 'server', CLICKHOUSE_URL: 'http://ch:8123' }).CLICKHOUSE_URL,
    'http://ch:8123',
  );
});

test('cross-field rules are reported together with field errors', async () => {
  const { analyticsFields, checkPlatformFields, evenAfterFieldErrors, serviceFields } = await import('../src/index.js');
  const schema = z
    .object({ ...serviceFields({ httpPort: 1 }), ...analyticsFields })
    .superRefine(checkPlatformFields, evenAfterFieldErrors);
  assert.throws(
    () => parseConfig(schema, { HTTP_PORT: 'abc', ANALYTICS_STORE: 'server' }),
    (error: ConfigError) =>
      error.problems.length === 2 &&
      /HTTP_PORT/.test(error.message) &&
      /CLICKHOUSE_URL: is required/.test(error.message),
  );
});

test('platform fields: the embedded store time limit defaults to 60 s and must be a positive whole number', async () => {
  const { analyticsFields } = await import('../src/index.js');
  const schema = z.object(analyticsFields);
  assert.equal(parseConfig(schema, {}).ANALYTICS_STATEMENT_TIMEOUT_MS, 60_000);
  assert.equal(parseConfig(schema, { ANALYTICS_STATEMENT_TIMEOUT_MS: '1500' }).ANALYTICS_STATEMENT_TIMEOUT_MS, 1500);
  assert.throws(() => parseConfig(schema, { ANALYTICS_STATEMENT_TIMEOUT_MS: '0' }), /ANALYTICS_STATEMENT_TIMEOUT_MS/);
});

test('gRPC security: keys required in production mode unless GRPC_AUTH says, TLS files named when half set', () => {
  const grpc = z.object(grpcFields({ grpcPort: 50051 })).superRefine(checkPlatformFields, evenAfterFieldErrors);
  assert.equal(grpcAuthRequired(parseConfig(grpc, {})), false);
  assert.equal(grpcAuthRequired(parseConfig(grpc, { NODE_ENV: 'production' })), true);
  assert.equal(grpcAuthRequired(parseConfig(grpc, { NODE_ENV: 'production', GRPC_AUTH: 'off' })), false);
  assert.equal(grpcAuthRequired(parseConfig(grpc, { GRPC_AUTH: 'required' })), true);
  assert.throws(
    () =>
      parseConfig(grpc, { GRPC_AUTH: 'maybe', GRPC_TLS_CERT_FILE: 'server.pem', GRPC_TLS_CLIENT_CA_FILE: 'ca.pem' }),
    (error: unknown) => {
      const problems = (error as ConfigError).problems.join('\n');
      assert.match(problems, /GRPC_AUTH.*expected off or required/);
      assert.match(problems, /GRPC_TLS_KEY_FILE.*set together/);
      return true;
    },
  );
  assert.throws(() => parseConfig(grpc, { GRPC_TLS_CLIENT_CA_FILE: 'ca.pem' }), /GRPC_TLS_CERT_FILE.*is required/);
});
