import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { CleanEvent, CleanText, ItemUpsert } from '@demand/contracts';
import { Preprocessor } from '../src/domain/preprocessor.js';
import type { CatalogFeed } from '../src/ports/catalog-feed.port.js';
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

/** A compacted topic in memory: the latest version of each item, in first-publish order. */
class FakeFeed implements CatalogFeed {
  items = new Map<string, ItemUpsert>();
  async publish(items: readonly ItemUpsert[]): Promise<void> {
    for (const item of items) this.items.set(item.itemId, item);
  }
  async follow(learn: (items: readonly ItemUpsert[]) => void): Promise<void> {
    learn([...this.items.values()]);
  }
}

test('publishes clean events and texts, and remembers the batch only after both are published', async () => {
  const sink = new FakeSink();
  const preprocessor = new Preprocessor(sink, new FakeFeed(), rules, freshState(), () => now);
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

test('items are published to the catalog feed, and a replica (or a restart) reading it knows them', async () => {
  const feed = new FakeFeed();
  await new Preprocessor(new FakeSink(), feed, rules, freshState(), () => now).process([itemUpsert('up')]);
  assert.deepEqual([...feed.items.keys()], ['i-00001']);

  const other = freshState();
  await feed.follow((items) => other.learnItems(items));
  const sink = new FakeSink();
  await new Preprocessor(sink, feed, rules, other, () => now).process([view('v'), review('r', '星河纪散粉')]);
  assert.deepEqual(sink.events[0]!.flags, [], 'the item is known');
  assert.ok(sink.texts[0]!.tokens.includes('星河纪'), 'the catalog dictionary is back');
});
