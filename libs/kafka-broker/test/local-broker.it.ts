import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect } from 'node:net';
import { startLocalBroker, defaultLauncherPath } from '../src/index.js';

function canConnect(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

test('starts, prints its bootstrap list, creates topics and stops', async () => {
  const broker = await startLocalBroker({ brokers: 2, topics: [{ name: 'preset.v1', partitions: 2 }] });
  try {
    assert.equal(broker.bootstrapServers.length, 2);
    for (const server of broker.bootstrapServers) {
      assert.match(server, /^127\.0\.0\.1:\d+$/);
      assert.equal(await canConnect(server), true, `${server} accepts connections`);
    }
    await broker.createTopics([
      { name: 'orders.v1', partitions: 3 },
      { name: 'orders.v1.dlq', partitions: 1 },
    ]);
    await broker.createTopics([{ name: 'orders.v1', partitions: 3 }]); // existing: no error
    await broker.command('leader orders.v1 0 2');
    await broker.command('rtt 1 5');
    await broker.command('down 2');
    await broker.command('up 2');
    await broker.command('errors 0 6 1');
  } finally {
    await broker.stop();
  }
  assert.equal(await canConnect(broker.bootstrapServers[0]!), false, 'nothing listens after stop');
  await assert.rejects(broker.command('rtt 1 0'), /exited/);
});

test('a bad command is answered with an error and the broker keeps serving', async () => {
  const broker = await startLocalBroker({ brokers: 1 });
  try {
    await assert.rejects(broker.command('explode now'), /unknown command: explode/);
    await assert.rejects(broker.command('down 7'), /brokerId 1\.\.1/);
    await assert.rejects(broker.command('topic missing-partitions'), /usage: topic/);
    await assert.rejects(broker.command('topic a\nb 1'), /one line/);
    await broker.command('topic after.errors 1');
  } finally {
    await broker.stop();
  }
});

test('listens on consecutive ports from --port-base', async () => {
  const base = await freePort();
  const broker = await startLocalBroker({ brokers: 1, portBase: base });
  try {
    assert.deepEqual(broker.bootstrapServers, [`127.0.0.1:${base}`]);
  } finally {
    await broker.stop();
  }
});

test('reports an unexpected exit to listeners and rejects later commands', async () => {
  const broker = await startLocalBroker({ brokers: 1 });
  const exited = new Promise<Error>((resolve) => broker.onUnexpectedExit(resolve));
  process.kill(broker.pid, 'SIGKILL');
  const error = await exited;
  assert.match(error.message, /signal SIGKILL/);
  await assert.rejects(broker.command('up 1'), /exited/);
  await broker.stop();
});

test('the launcher exits by itself when its stdin closes', async () => {
  const child = spawn(defaultLauncherPath, ['--brokers', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  child.stdin.end();
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('a missing launcher binary gives a clear error', async () => {
  await assert.rejects(startLocalBroker({ binaryPath: '/nonexistent/mock-kafka-broker' }), /run make setup/);
});
