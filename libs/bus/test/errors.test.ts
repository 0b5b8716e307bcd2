import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BusError, errorMessage, isRetriableKafkaFailure, isTransient } from '../src/errors.js';

test('transient means a property transient === true, nothing else', () => {
  assert.equal(isTransient(Object.assign(new Error('down'), { transient: true })), true);
  assert.equal(isTransient(new BusError('x', { transient: true })), true);
  assert.equal(isTransient(new BusError('x', { transient: false })), false);
  assert.equal(isTransient(Object.assign(new Error('x'), { transient: 'yes' })), false);
  assert.equal(isTransient(new Error('plain')), false);
  assert.equal(isTransient(undefined), false);
  assert.equal(isTransient('transient'), false);
});

test('a Kafka failure is retriable unless a non-retriable protocol error sits in its chain', () => {
  const tooLarge = { name: 'KafkaJSProtocolError', retriable: false, type: 'MESSAGE_TOO_LARGE' };
  const leaderMoved = { name: 'KafkaJSProtocolError', retriable: true, type: 'NOT_LEADER_FOR_PARTITION' };
  assert.equal(isRetriableKafkaFailure(new Error('connection refused')), true);
  assert.equal(isRetriableKafkaFailure(leaderMoved), true);
  assert.equal(isRetriableKafkaFailure(tooLarge), false);
  assert.equal(
    isRetriableKafkaFailure({ name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, originalError: tooLarge }),
    false,
  );
  assert.equal(
    isRetriableKafkaFailure({ name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, originalError: leaderMoved }),
    true,
  );
  const cyclic: { name: string; cause?: unknown } = { name: 'E' };
  cyclic.cause = cyclic;
  assert.equal(isRetriableKafkaFailure(cyclic), true);
});

test('a refused SASL login and an untrusted broker certificate are not retriable; a broker down still is', () => {
  const login = {
    name: 'KafkaJSSASLAuthenticationError',
    retriable: false,
    message: 'SASL PLAIN authentication failed: Authentication failed: Invalid username or password',
  };
  assert.equal(isRetriableKafkaFailure(login), false);
  assert.equal(isRetriableKafkaFailure(new BusError('cannot connect', { transient: false, cause: login })), false);
  const certificate = (code: string) => ({
    name: 'KafkaJSNumberOfRetriesExceeded',
    originalError: { name: 'KafkaJSConnectionError', code, retriable: true },
  });
  for (const code of [
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ]) {
    assert.equal(isRetriableKafkaFailure(certificate(code)), false, code);
  }
  assert.equal(isRetriableKafkaFailure(certificate('ECONNREFUSED')), true);
  assert.equal(isRetriableKafkaFailure(certificate('ECONNRESET')), true);
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
  for (const message of refused) assert.equal(isRetriableKafkaFailure(sasl(message)), false, message);
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
    assert.equal(isRetriableKafkaFailure(sasl(message)), true, message);
    const wrapped = { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, originalError: sasl(message) };
    assert.equal(isRetriableKafkaFailure(new BusError('cannot connect', { transient: true, cause: wrapped })), true);
  }
});

test('error messages for logs and headers', () => {
  assert.equal(errorMessage(new Error('boom')), 'boom');
  assert.equal(errorMessage(new TypeError('')), 'TypeError');
  assert.equal(errorMessage(42), '42');
});
