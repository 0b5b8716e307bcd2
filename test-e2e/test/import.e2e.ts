import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Event, type ItemStats, Topics } from '@demand/contracts';
import { runImport } from '@demand/cli';
import { countExpectedItemStats, createShop } from '@demand/testkit';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { readWholeTopicValues } from '../src/topic-reader.js';

// Three months ago: every event is far older than the preprocessor's lateness (24 h).
const shop = createShop({ seed: 15, users: 120, items: 30, startDay: '2026-09-01' });
const generated = [...shop.generateEvents({ maxEvents: 2_500, includeCatalog: true, runId: 'import' })];
const behaviour = generated.filter((e) => e.payload?.$case !== 'itemUpsert');
const expected = countExpectedItemStats(generated).filter((row) => row.itemId !== '');

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      readStdin: async () => '',
    },
  };
}

describe('demand import against the platform', () => {
  let p: TestPlatform;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    dir = mkdtempSync(path.join(tmpdir(), 'demand-import-e2e-'));
    file = path.join(dir, 'history.jsonl.gz');
    // Protobuf JSON lines as Event.toJSON writes them, half without event_id (derived ids), one bad line.
    const lines = generated.map((e, k) => {
      const json = Event.toJSON(e) as Record<string, unknown>;
      if (k % 2 === 1 && e.payload?.$case !== 'itemUpsert') delete json.eventId;
      return JSON.stringify(json);
    });
    lines.splice(100, 0, '{"type":"view","user_id":"u-1"');
    writeFileSync(file, gzipSync(lines.join('\n')));
  }, 120_000);

  afterAll(async () => {
    await p?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function statsMatch(): Promise<void> {
    for (const itemId of new Set(expected.map((r) => r.itemId))) {
      const stats = await unaryCall<ItemStats>((m, o, cb) =>
        p.features.getItemStats({ itemId, fromDay: '', toDay: '' }, m, o, cb),
      );
      const want = expected.filter((r) => r.itemId === itemId);
      assert.equal(
        stats.days.reduce((n, d) => n + d.counts!.views + d.counts!.purchases, 0),
        want.reduce((n, d) => n + d.views + d.purchases, 0),
        `${itemId}: views and purchases`,
      );
    }
  }

  test('imports the history once, marked backfill and not late; a second run counts nothing twice', async () => {
    const first = capture();
    const code = await runImport(
      ['--collector', p.platform.grpcAddress('collector'), '--api-key', p.platform.apiKey!, '--batch', '500', file],
      first.io,
    );
    assert.equal(code, 1, 'one bad line');
    const summary = JSON.parse(first.out.stdout);
    assert.equal(summary.bad, 1);
    assert.equal(summary.events + summary.items, generated.length);
    assert.match(first.out.stderr, /line 101: /);
    await p.drain();
    await statsMatch();

    const clean = await readWholeTopicValues(p.kafka, p.admin, Topics.eventsClean);
    const imported = clean.filter((c) => c.event?.payload?.$case !== 'itemUpsert');
    assert.equal(imported.length, behaviour.length);
    assert.ok(
      imported.every((c) => c.event!.backfill),
      'every imported event is marked backfill',
    );
    assert.ok(
      imported.every((c) => !c.flags.includes('late')),
      'none is flagged late',
    );

    const again = capture();
    assert.equal(
      await runImport(
        ['--collector', p.platform.grpcAddress('collector'), '--api-key', p.platform.apiKey!, file],
        again.io,
      ),
      1,
    );
    await p.drain();
    await statsMatch();
    const after = await readWholeTopicValues(p.kafka, p.admin, Topics.eventsClean);
    assert.equal(
      after.filter((c) => c.event?.payload?.$case !== 'itemUpsert').length,
      behaviour.length,
      'the second run added no clean event',
    );
  }, 300_000);
});
