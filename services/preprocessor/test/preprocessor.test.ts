import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { CleanEvent, CleanText } from '@demand/contracts';
import type { KnownItem } from '../src/domain/catalog-view.js';
import { Preprocessor } from '../src/domain/preprocessor.js';
import type { CatalogSnapshot } from '../src/ports/catalog-snapshot.port.js';
import type { PreprocessedSink } from '../src/ports/preprocessed-sink.port.js';
import { freshState, itemUpsert, now, review, rules, view } from './support.js';

class FakeSink implements PreprocessedSink {
  events: CleanEvent[] = [];
  texts: CleanText[] = [];
  failures = 0;
  async write(events: readonly CleanEvent[], texts: readonly CleanText[]): Promise<void> {
    if (this.failures-- > 0) throw Object.assign(new Error('broker down'), { transient: true });
    this.events.push(...events);
    this.texts.push(...texts);
  }
}

class FakeSnapshot implements CatalogSnapshot {
  items = new Map<string, KnownItem>();
  async load(): Promise<KnownItem[]> {
    return [...this.items.values()];
  }
  async save(items: readonly KnownItem[]): Promise<void> {
    for (const item of items) this.items.set(item.itemId, item);
  }
}

test('publishes clean events and texts, and remembers the batch only after both are published', async () => {
  const sink = new FakeSink();
  const preprocessor = new Preprocessor(sink, new FakeSnapshot(), rules, freshState(), () => now);
  sink.failures = 1;
  await assert.rejects(preprocessor.process([view('a'), review('r', '很好')]), /broker down/);
  const outcome = await preprocessor.process([view('a'), review('r', '很好')]);
  assert.deepEqual(outcome, { published: 2, texts: 1, duplicates: 0, rejected: [], flags: { unknown_item: 2 } });
  assert.deepEqual((await preprocessor.process([view('a')])).duplicates, 1);
  assert.deepEqual(
    sink.events.map((e) => e.event?.eventId),
    ['a', 'r'],
  );
});

test('items are saved to the snapshot, and a restarted preprocessor knows them', async () => {
  const snapshot = new FakeSnapshot();
  await new Preprocessor(new FakeSink(), snapshot, rules, freshState(), () => now).process([itemUpsert('up')]);
  assert.deepEqual([...snapshot.items.keys()], ['i-00001']);

  const restarted = freshState();
  restarted.restoreCatalog(await snapshot.load());
  const sink = new FakeSink();
  await new Preprocessor(sink, snapshot, rules, restarted, () => now).process([view('v'), review('r', '星河纪散粉')]);
  assert.deepEqual(sink.events[0]!.flags, [], 'the item is known');
  assert.ok(sink.texts[0]!.tokens.includes('星河纪'), 'the catalog dictionary is back');
});
