import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from '@jest/globals';
import { KafkaConsumerLag } from '../src/adapters/kafka-consumer-lag.adapter.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a broker that does not answer is logged once, not on every poll', async () => {
  const lines: { level: string; message?: string }[] = [];
  const at = (level: string) => (_fields: Record<string, unknown>, message?: string) => lines.push({ level, message });
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const lags = new KafkaConsumerLag({ brokers: [`127.0.0.1:${await closedPort()}`], ssl: false }, logger);
  try {
    for (let poll = 0; poll < 3; poll++) {
      await assert.rejects(lags.lag([{ topic: 'events.raw.v1', group: 'preprocessor' }]), /cannot read the lag/);
    }
  } finally {
    await lags.close();
  }
  const errors = lines.filter((line) => line.level === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0]?.message ?? '', /consumer lag unreadable/);
}, 30_000);
