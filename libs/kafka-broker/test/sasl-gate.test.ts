import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { FrameReader, frame, int16, int32, kafkaBytes, kafkaString, readString } from '../src/kafka-frames.js';
import { SaslGate } from '../src/sasl-gate.js';
import { SaslVerifier } from '../src/sasl-server.js';

const METADATA = 3;

function request(apiKey: number, version: number, correlationId: number, body: Buffer = Buffer.alloc(0)): Buffer {
  return frame(Buffer.concat([int16(apiKey), int16(version), int32(correlationId), kafkaString('test'), body]));
}

/** A gate between two in-memory streams: what it writes to the client and to the broker, and its refusals. */
function gate() {
  const client = new PassThrough();
  const broker = new PassThrough();
  const refusals: string[] = [];
  const sasl = new SaslGate(client, broker, new SaslVerifier({ username: 'u', password: 'p' }), (reason) =>
    refusals.push(reason),
  );
  const framesOf = (stream: PassThrough) => {
    const chunk = stream.read() as Buffer | null;
    return chunk ? new FrameReader().push(chunk) : [];
  };
  return {
    send: (bytes: Buffer) => sasl.fromClientData(bytes),
    answer: (bytes: Buffer) => sasl.fromBrokerData(bytes),
    toClient: () => framesOf(client),
    toBroker: () => framesOf(broker),
    refusals,
    brokerClosed: () => broker.destroyed,
  };
}

function authenticate(correlationId: number, password: string): Buffer {
  return request(36, 1, correlationId, kafkaBytes(Buffer.from(`\u0000u\u0000${password}`)));
}

test('PLAIN: handshake and login answered by the gate; then requests reach the broker unchanged', () => {
  const g = gate();
  g.send(request(17, 1, 1, kafkaString('PLAIN')));
  const [handshake] = g.toClient();
  assert.equal(handshake!.readInt32BE(0), 1);
  assert.equal(handshake!.readInt16BE(4), 0);
  assert.equal(handshake!.readInt32BE(6), 3, 'three mechanisms offered');
  assert.equal(readString(handshake!, 10).value, 'PLAIN');

  g.send(authenticate(2, 'p'));
  const [login] = g.toClient();
  assert.deepEqual([login!.readInt32BE(0), login!.readInt16BE(4), login!.readInt16BE(6)], [2, 0, -1]);
  assert.equal(login!.length, 4 + 2 + 2 + 4 + 8, 'empty auth bytes, then session_lifetime_ms (v1)');

  const metadata = request(METADATA, 12, 3, Buffer.from([1, 2, 3]));
  g.send(metadata.subarray(0, 5));
  g.send(metadata.subarray(5));
  assert.deepEqual(g.toBroker(), [metadata.subarray(4)]);
  assert.deepEqual(g.refusals, []);
});

test('a wrong password gets SASL_AUTHENTICATION_FAILED with a message naming no secret, and the connection ends', () => {
  const g = gate();
  g.send(Buffer.concat([request(17, 1, 1, kafkaString('PLAIN')), authenticate(2, 'wrong')]));
  const [, login] = g.toClient();
  assert.equal(login!.readInt16BE(4), 58);
  const message = readString(login!, 6).value;
  assert.match(message, /invalid credentials with SASL mechanism PLAIN/);
  assert.ok(!message.includes('wrong'));
  assert.deepEqual(g.refusals, ['PLAIN login refused']);
  assert.ok(g.brokerClosed());
  g.send(request(METADATA, 12, 3));
  assert.deepEqual(g.toBroker(), [], 'nothing passes after a refusal');
});

test('requests out of order are refused: any API before login, SaslAuthenticate before the handshake, handshake v0', () => {
  const early = gate();
  early.send(request(METADATA, 12, 1));
  assert.deepEqual(early.toBroker(), []);
  assert.deepEqual(early.refusals, ['request with api key 3 before SASL authentication']);

  const noHandshake = gate();
  noHandshake.send(authenticate(1, 'p'));
  assert.equal(noHandshake.toClient()[0]!.readInt16BE(4), 34, 'ILLEGAL_SASL_STATE');

  const v0 = gate();
  v0.send(request(17, 0, 1, kafkaString('PLAIN')));
  assert.equal(v0.toClient()[0]!.readInt16BE(4), 35, 'UNSUPPORTED_VERSION');
  assert.match(v0.refusals[0]!, /SaslHandshake v0/);
});

test('ApiVersions goes to the broker before login and its answer comes back with the SASL APIs added', () => {
  const g = gate();
  g.send(request(18, 2, 7));
  assert.equal(g.toBroker().length, 1);
  const body = Buffer.concat([int16(0), int32(1), int16(3), int16(0), int16(12), int32(0)]);
  g.answer(frame(Buffer.concat([int32(7), body])));
  const [answer] = g.toClient();
  assert.equal(answer!.readInt32BE(0), 7);
  assert.equal(answer!.readInt32BE(6), 3, 'Metadata, SaslHandshake, SaslAuthenticate');
});

test('bytes that are not Kafka (a TLS ClientHello on the plain port) are rejected as a malformed frame', () => {
  const g = gate();
  assert.throws(() => g.send(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01])), /invalid Kafka frame size/);
});

test('a SaslAuthenticate version the gate does not parse (v2, flexible) gets UNSUPPORTED_VERSION and a refusal', () => {
  const g = gate();
  g.send(request(17, 1, 1, kafkaString('PLAIN')));
  g.toClient();
  g.send(request(36, 2, 2, kafkaBytes(Buffer.from('\u0000u\u0000p'))));
  const [answer] = g.toClient();
  assert.equal(answer!.readInt16BE(4), 35, 'UNSUPPORTED_VERSION');
  assert.deepEqual(g.refusals, ['SaslAuthenticate v2 (only v0 and v1 are served)']);
  g.send(request(METADATA, 12, 3));
  assert.deepEqual(g.toBroker(), [], 'not logged in');
});
