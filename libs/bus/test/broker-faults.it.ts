import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BusError } from '../src/index.js';
import { startKafkaFixture, recordCount, type KafkaFixture } from './kafka-fixture.js';
import { delay, eventually, testTopic, viewEvent } from './support.js';

const faulty = testTopic('it.faults.v1', 6);
const unreachable = testTopic('it.unreachable.v1', 3);
let fixture: KafkaFixture;

beforeAll(async () => {
  fixture = await startKafkaFixture([faulty, unreachable]);
  // The mock picks partition leaders at random; pin them so `down 2` always matters.
  for (let p = 0; p < faulty.partitions; p++) await fixture.broker.command(`leader ${faulty.name} ${p} ${(p % 3) + 1}`);
  for (let p = 0; p < unreachable.partitions; p++) await fixture.broker.command(`leader ${unreachable.name} ${p} 2`);
});

afterAll(() => fixture.close());

test('publishing rides out a broker going down and coming back, and injected produce errors; nothing is lost', async () => {
  const bus = fixture.newBus();
  const batches = Array.from({ length: 8 }, (_, b) =>
    Array.from({ length: 25 }, (_, i) => viewEvent(`b${b}-${i}`, `user-${b}-${i}`)),
  );
  await bus.publish(faulty, batches[0]!);

  await fixture.broker.command('down 2');
  const publishing = batches.slice(1, 6).map((batch) => bus.publish(faulty, batch));
  await delay(1500);
  await fixture.broker.command('up 2');
  await Promise.all(publishing);

  await fixture.broker.refuseProduces(3);
  await bus.publish(faulty, batches[6]!);
  await fixture.broker.command('rtt 3 300');
  await bus.publish(faulty, batches[7]!);
  await fixture.broker.command('rtt 3 0');

  const expected = new Set(batches.flat().map((e) => e.eventId));
  assert.ok(
    (await recordCount(fixture.admin, faulty.name)) >= expected.size,
    'the broker holds every record (retries may add duplicates)',
  );
  const seen = new Set<string>();
  await bus.subscribe({
    groupId: 'faults',
    topic: faulty,
    fromBeginning: true,
    handle: async (batch) => batch.forEach((r) => seen.add(r.value.eventId)),
  });
  await eventually('every published record consumed', () => (seen.size >= expected.size ? true : undefined));
  assert.deepEqual([...seen].sort(), [...expected].sort());
  const logged = bus.logger.lines.filter((l) => l.fields.component === 'kafkajs');
  assert.ok(logged.length > 0, "kafkajs's own complaints reach the service logger");
  // Stop the consumer before the next test flaps brokers: kafkajs 2.2.4 can spin forever when
  // a consumer stops while its fetchers are being rebuilt after a broker vanished.
  await bus.close();
});

test('when a partition leader stays down past the retry budget, publish throws a transient error; later publishes work again', async () => {
  const bus = fixture.newBus({ producer: { retries: 1 }, requestTimeoutMs: 2000 });
  await bus.publish(unreachable, [viewEvent('warm-up')]);
  await fixture.broker.command('down 2');
  try {
    const events = Array.from({ length: 12 }, (_, i) => viewEvent(`x${i}`, `user-${i}`));
    await assert.rejects(bus.publish(unreachable, events), (error: unknown) => {
      assert.ok(error instanceof BusError, String(error));
      assert.equal(error.transient, true);
      assert.match(error.message, /it\.unreachable\.v1/);
      return true;
    });
  } finally {
    await fixture.broker.command('up 2');
  }
  await bus.publish(unreachable, [viewEvent('after')]);
});

/** Runs the shutdown scenario in a child process; resolves with its exit code and output (null code: killed). */
function runShutdownScenario(mode: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const script = fileURLToPath(new URL('./shutdown-after-broker-loss.child.js', import.meta.url));
  const child = spawn(process.execPath, ['--enable-source-maps', script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

test('a consumer can be shut down right after a broker vanished, or after the whole cluster died', async () => {
  const [blip, gone] = await Promise.all([
    runShutdownScenario('broker-blip', 30_000),
    runShutdownScenario('broker-gone', 40_000),
  ]);
  assert.equal(blip.code, 0, `closing right after a broker dropped must not hang: ${blip.output}`);
  assert.match(blip.output, /closed/);
  assert.equal(gone.code, 0, `after the cluster died, close must finish and leave nothing running: ${gone.output}`);
  assert.match(gone.output, /closed/);
});
