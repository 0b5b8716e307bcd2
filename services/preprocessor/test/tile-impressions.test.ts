import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BotDetector, type BotSignal } from '../src/domain/bot-detector.js';
import { crawler, flagsOf, item, page, t0, tile } from './bot-signals.js';

type What = ReturnType<typeof page>;

/** A person's session: each event `after` ms after the one before. */
function session(events: readonly (What & { after: number })[], sessionKey = 's-1', start = t0): BotSignal[] {
  let at = start;
  return events.map(({ after, ...what }) => ({ sessionKey, userKey: 'person', at: (at += after), ...what }));
}

const tiles = (ids: readonly number[], gap: (k: number) => number) =>
  ids.map((n, k) => ({ after: gap(k), ...tile(item(n)) }));
/** Opens an item from the tiles, reads it, adds it to the cart (an event of another kind). */
const openAndBuy = (n: number) => [
  { after: 1500, ...page(item(n)) },
  { after: 40_000, ...page(item(n + 1)) },
  { after: 20_000, ...page('') },
];

const byRelevance = [14, 3, 22, 9, 17, 1, 20, 6, 11, 24, 4, 15, 8, 19, 2, 13, 23, 7, 10, 18, 5, 16, 12, 21];
/** A list page's 40 tiles (items `first` + 1 to 40, not in id order) 30 ms apart, `after` ms after the event before. */
const listPage = (first: number, after: number) =>
  tiles(
    [...byRelevance, ...byRelevance.filter((n) => n <= 16).map((n) => n + 24)].map((n) => first + n),
    (k) => (k === 0 ? after : 30),
  );
const humans = {
  'a 24-tile grid scrolled at 250 ms': session([...tiles(byRelevance, () => 250), ...openAndBuy(9)]),
  'eight tiles of a grid sorted by id': session([
    ...tiles([30, 31, 32, 33, 34, 35, 36, 37], (k) => 300 + k * 70),
    ...openAndBuy(33),
  ]),
  'three 40-tile list pages within a minute': session([
    ...listPage(0, 0),
    ...listPage(40, 20_000),
    ...listPage(80, 20_000),
    ...openAndBuy(95),
  ]),
  'an autoplay carousel at 5 s ± 25 ms': session([
    ...tiles([41, 47, 43, 40, 45, 42, 48, 44, 46, 49, 40, 43, 41], (k) => 5000 + ((k * 7) % 5) * 10 - 20),
    ...openAndBuy(45),
  ]),
};

test.each(Object.entries(humans))('tile impressions of %s flag neither session nor user', (name, events) => {
  const detector = new BotDetector();
  const flags = flagsOf(detector, events);
  const opened = events.findIndex((e) => e.openedItemId !== '');
  assert.ok(
    flags.slice(0, opened).some((f) => f.length > 0),
    'the pattern trips a rule on its tiles',
  );
  assert.deepEqual(flags.slice(opened).flat(), [], 'the page opened and what follows');
  const nextVisit = { sessionKey: 's-2', userKey: 'person', at: events.at(-1)!.at + 3_600_000, ...page('') };
  assert.deepEqual(flagsOf(detector, [nextVisit]), [[]], `${name}: the person is not marked`);
});

test('a rule tripped by tile impressions flags those impressions only', () => {
  const flags = flagsOf(new BotDetector(), humans['a 24-tile grid scrolled at 250 ms']);
  assert.deepEqual(flags.slice(0, 10).flat(), [], 'ten tiles');
  assert.deepEqual(flags[10], ['bot:regular_interval'], 'ten equal gaps');
  assert.deepEqual(flags[19], ['bot:rate', 'bot:regular_interval'], 'twenty tiles in 5 s');
});

test('crawlers of tile impressions are still flagged, each impression from the 8th; they mark no user', () => {
  const detector = new BotDetector();
  const listCrawl = (count: number, session: string, start = t0) =>
    crawler(count, { session, start }).map((s) => ({ ...s, ...tile(s.browsedItemId) }));
  const flags = flagsOf(detector, listCrawl(100, 'crawl-1'));
  assert.deepEqual(flags.slice(0, 7).flat(), []);
  assert.deepEqual(flags[7], ['bot:sequential_items']);
  assert.deepEqual(flags[19], ['bot:rate', 'bot:regular_interval', 'bot:sequential_items']);
  assert.ok(flags.slice(7).every((f) => f.length > 0));
  assert.deepEqual(flags[59], ['bot:rate', 'bot:regular_interval', 'bot:sequential_items', 'bot:user_rate']);
  const later = flagsOf(detector, [{ sessionKey: 'next', userKey: 'bot-user', at: t0 + 3_600_000, ...page('') }]);
  assert.deepEqual(later, [[]]);
});

test('a crawler of tile impressions that opens a new session every 5 events is flagged from its 60th in a minute', () => {
  const detector = new BotDetector();
  const hops = crawler(100, { items: (k) => item(1000 + ((k * 37) % 100)) }).map((s, k) => ({
    ...s,
    sessionKey: `hop-${Math.floor(k / 5)}`,
    ...tile(s.browsedItemId),
  }));
  const flags = flagsOf(detector, hops);
  assert.deepEqual(flags.slice(0, 59).flat(), [], 'no session holds enough events for its own rules');
  assert.ok(
    flags.slice(59).every((f) => f.join() === 'bot:user_rate'),
    'each impression from the 60th in a minute',
  );
  const later = flagsOf(detector, [{ sessionKey: 'next', userKey: 'bot-user', at: t0 + 3_600_000, ...page('') }]);
  assert.deepEqual(later, [[]], 'tiles mark no user');
});
