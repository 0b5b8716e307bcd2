import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FrameReader, frame, int16, int32, kafkaBytes, kafkaString } from '../src/kafka-frames.js';
import { SecureFront } from '../src/secure-front.js';

// The front before a plain echo server, not a broker: what passes through it is seen byte for byte.
let echo: Server;
let front: SecureFront;

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  front = await SecureFront.listen({ sasl: { username: 'u', password: 'p', mechanisms: ['PLAIN'] } }, 1);
  front.forwardTo([`127.0.0.1:${(echo.address() as AddressInfo).port}`]);
});

afterAll(async () => {
  await front?.close();
  await new Promise((resolve) => echo?.close(resolve));
});

function request(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  return frame(Buffer.concat([int16(apiKey), int16(version), int32(correlationId), kafkaString('test'), body]));
}

/** A raw client that logs in with PLAIN and reads the gate's two answers. */
async function logIn(password: string): Promise<{ socket: Socket; loginError: number; received: () => Buffer }> {
  const socket = connect({ port: front.ports[0] ?? 0, host: '127.0.0.1', allowHalfOpen: true });
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(request(17, 1, 1, kafkaString('PLAIN')));
  socket.write(request(36, 1, 2, kafkaBytes(Buffer.from(`\u0000u\u0000${password}`))));
  const reader = new FrameReader();
  const answers: Buffer[] = [];
  while (answers.length < 2) {
    await sleep(10);
    answers.push(...reader.push(Buffer.concat(chunks.splice(0))));
  }
  return { socket, loginError: answers[1]?.readInt16BE(4) ?? -1, received: () => Buffer.concat(chunks.splice(0)) };
}

test('after login the front streams bytes as they are: what is not Kafka framing passes both ways', async () => {
  const { socket, loginError, received } = await logIn('p');
  assert.equal(loginError, 0);
  const notKafka = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.alloc(256 * 1024, 0x61)]);
  socket.write(notKafka);
  let echoed = Buffer.alloc(0);
  for (let waited = 0; echoed.length < notKafka.length && waited < 5000; waited += 20) {
    await sleep(20);
    echoed = Buffer.concat([echoed, received()]);
  }
  assert.equal(echoed.length, notKafka.length);
  assert.ok(echoed.equals(notKafka));
  assert.ok(!front.refusals.some((reason) => reason.startsWith('malformed')), front.refusals.join('; '));
  socket.destroy();
});

test('a refused client gets its answer and an orderly end; bytes it still sends are read, not reset', async () => {
  const { socket, loginError } = await logIn('wrong');
  assert.equal(loginError, 58, 'SASL_AUTHENTICATION_FAILED');
  const failures: string[] = [];
  socket.on('error', (error: NodeJS.ErrnoException) => failures.push(error.code ?? error.message));
  if (!socket.readableEnded) await once(socket, 'end');
  for (let i = 0; i < 3; i++) {
    await sleep(50); // the broker side is closed by now
    socket.write(Buffer.alloc(1024, 1), (error) => error && failures.push((error as NodeJS.ErrnoException).code ?? ''));
  }
  await sleep(100);
  assert.deepEqual(failures, [], 'the front kept the refused connection half-open for its linger');
  socket.destroy();
});
