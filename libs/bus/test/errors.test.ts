import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  BusError,
  errorMessage,
  hasProtocolErrorType,
  isRetriableKafkaFailure,
  isTransient,
  REBALANCE_ERROR_TYPES,
} from '../src/errors.js';

test('transient means a property transient === true, nothing else', () => {
  assert.equal(isTransient(Object.assign(new Error('down'), { transient: true })), true);
  assert.equal(isTransient(new BusError('x', { transient: true })), true);
  assert.equal(isTransient(new BusError('x', { transient: false })), false);
  assert.equal(isTransient(Object.assign(new Error('x'), { transient: 'yes' })), false);
  assert.equal(isTransient(new Error('plain')), false);
  assert.equal(isTransient(undefined), false);
  assert.equal(isTransient('transient'), false);
});

const STAGES = ['start-up', 'running'] as const;

test('a Kafka failure is retriable unless a non-retriable protocol error sits in its chain, at start-up or running', () => {
  const tooLarge = { name: 'KafkaJSProtocolError', retriable: false, type: 'MESSAGE_TOO_LARGE' };
  const leaderMoved = { name: 'KafkaJSProtocolError', retriable: true, type: 'NOT_LEADER_FOR_PARTITION' };
  const retriesExceeded = (cause: unknown) => ({
    name: 'KafkaJSNumberOfRetriesExceeded',
    retriable: false,
    originalError: cause,
  });
  for (const stage of STAGES) {
    assert.equal(isRetriableKafkaFailure(new Error('connection refused'), stage), true);
    assert.equal(isRetriableKafkaFailure(leaderMoved, stage), true);
    assert.equal(isRetriableKafkaFailure(tooLarge, stage), false);
    assert.equal(isRetriableKafkaFailure(retriesExceeded(tooLarge), stage), false);
    assert.equal(isRetriableKafkaFailure(retriesExceeded(leaderMoved), stage), true);
    const cyclic: { name: string; cause?: unknown } = { name: 'E' };
    cyclic.cause = cyclic;
    assert.equal(isRetriableKafkaFailure(cyclic, stage), true);
  }
});

test('a refused login or an untrusted certificate stops start-up, and is retried while running', () => {
  const login = {
    name: 'KafkaJSSASLAuthenticationError',
    retriable: false,
    message: 'SASL PLAIN authentication failed: Authentication failed: Invalid username or password',
  };
  const certificate = (code: string) => ({
    name: 'KafkaJSNumberOfRetriesExceeded',
    originalError: { name: 'KafkaJSConnectionError', code, retriable: true },
  });
  const protocol = (type: string) => ({ name: 'KafkaJSProtocolError', retriable: false, type });
  const refusals = [
    login,
    new BusError('cannot connect', { transient: false, cause: login }),
    protocol('SASL_AUTHENTICATION_FAILED'),
    protocol('UNSUPPORTED_SASL_MECHANISM'),
    ...[
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_UNTRUSTED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ].map(certificate),
  ];
  for (const refusal of refusals) {
    assert.equal(isRetriableKafkaFailure(refusal, 'start-up'), false, JSON.stringify(refusal));
    assert.equal(isRetriableKafkaFailure(refusal, 'running'), true, JSON.stringify(refusal));
  }
  // A renewal or the clocks fix these without a deploy; a broker down is retried anyway.
  for (const code of ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ECONNREFUSED', 'ECONNRESET']) {
    for (const stage of STAGES) assert.equal(isRetriableKafkaFailure(certificate(code), stage), true, code);
  }
});

test('a SASL authentication error is a refusal only when the broker refused; a connection lost mid-login is retried', () => {
  const sasl = (message: string) => ({ name: 'KafkaJSSASLAuthenticationError', retriable: false, message });
  const refused = [
    // What the secured front (libs/kafka-broker) and a Kafka broker answer to a wrong password.
    'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid ' +
      'credentials with SASL mechanism SCRAM-SHA-512',
    'SASL PLAIN authentication failed: Authentication failed during authentication due to invalid credentials ' +
      'with SASL mechanism PLAIN',
    'SASL PLAIN authentication failed: Authentication failed: Invalid username or password',
    'SASL SCRAM SHA256 authentication failed: SASL Authentication failed',
    'SASL SCRAM SHA512 authentication failed: invalid-proof',
    'SASL SCRAM-SHA-512 mechanism is not supported by the server',
    'SASL Plain: Invalid username or password',
  ];
  for (const message of refused) assert.equal(isRetriableKafkaFailure(sasl(message), 'start-up'), false, message);
  const lostMidLogin = [
    'SASL SCRAM SHA512 authentication failed: Connection closed by the server',
    'SASL PLAIN authentication failed: Connection error: read ECONNRESET',
    'SASL PLAIN authentication failed: Connection error: write EPIPE',
    'SASL SCRAM SHA256 authentication failed: Connection timeout',
    'SASL SCRAM SHA512 authentication failed: Closed connection',
    'SASL PLAIN authentication failed: Not connected',
    'SASL SCRAM SHA512 authentication failed: Request SaslAuthenticate(key: 36, version: 1) timed out',
    'SASL SCRAM SHA512 authentication failed: Cannot read properties of undefined',
  ];
  for (const message of lostMidLogin) {
    const wrapped = { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, originalError: sasl(message) };
    const busError = new BusError('cannot connect', { transient: true, cause: wrapped });
    for (const stage of STAGES) {
      assert.equal(isRetriableKafkaFailure(sasl(message), stage), true, message);
      assert.equal(isRetriableKafkaFailure(busError, stage), true, message);
    }
  }
});

test('an authorization failure stops start-up and is retried while running; a bad record stays permanent', () => {
  const protocol = (type: string) => ({ name: 'KafkaJSProtocolError', retriable: false, type });
  const retriesExceeded = (cause: unknown) => ({
    name: 'KafkaJSNumberOfRetriesExceeded',
    retriable: false,
    originalError: cause,
  });
  for (const type of [
    'TOPIC_AUTHORIZATION_FAILED',
    'GROUP_AUTHORIZATION_FAILED',
    'CLUSTER_AUTHORIZATION_FAILED',
    'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  ]) {
    for (const refusal of [protocol(type), retriesExceeded(protocol(type))]) {
      assert.equal(isRetriableKafkaFailure(refusal, 'start-up'), false, type);
      assert.equal(isRetriableKafkaFailure(refusal, 'running'), true, type);
    }
    const publishing = new BusError('publishing 1 records to t failed', { transient: true, cause: protocol(type) });
    assert.equal(isRetriableKafkaFailure(publishing, 'running'), true, type);
  }
  for (const type of ['MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TOPIC_EXCEPTION']) {
    for (const stage of STAGES) assert.equal(isRetriableKafkaFailure(protocol(type), stage), false, type);
  }
});

test('error messages for logs and headers', () => {
  assert.equal(errorMessage(new Error('boom')), 'boom');
  assert.equal(errorMessage(new TypeError('')), 'TypeError');
  assert.equal(errorMessage(42), '42');
});

test('a protocol error type is found through originalError and cause, not outside the set, and a cycle ends', () => {
  const fenced = Object.assign(new Error('fenced'), { type: 'FENCED_INSTANCE_ID' });
  assert.equal(hasProtocolErrorType({ originalError: fenced }, REBALANCE_ERROR_TYPES), true);
  assert.equal(hasProtocolErrorType(new Error('outer', { cause: { cause: fenced } }), REBALANCE_ERROR_TYPES), true);
  const denied = Object.assign(new Error('denied'), { type: 'GROUP_AUTHORIZATION_FAILED' });
  assert.equal(hasProtocolErrorType(new Error('outer', { cause: denied }), REBALANCE_ERROR_TYPES), false);
  const cyclic: { originalError?: unknown } = {};
  cyclic.originalError = { cause: cyclic };
  assert.equal(hasProtocolErrorType(cyclic, REBALANCE_ERROR_TYPES), false);
  assert.equal(hasProtocolErrorType('REBALANCE_IN_PROGRESS', REBALANCE_ERROR_TYPES), false);
});
