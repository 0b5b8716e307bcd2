import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BotDetector, type BotSignal } from '../src/domain/bot-detector.js';
import { crawler, flagsOf, item, page, t0, tile } from './bot-signals.js';

const jitter = (k: number) => ((k * 7919) % 900) - 300;
const shuffled = (k: number) => item((k * 263) % 500);

/** One person's events, `steps[k]` ms after the one before (the first at `start`). */
function person(events: readonly (ReturnType<typeof page> & { after: number })[], start = t0): BotSignal[] {
  let at = start;
  return events.map(({ after, ...what }) => ({
    sessionKey: 's-person',
    userKey: 'person',
    at: (at += after),
    ...what,
  }));
}

/** The person's next visit an hour later: one search. */
const nextVisit = (start: number): BotSignal => ({
  sessionKey: 's-later',
  userKey: 'person',
  at: start + 3_600_000,
  ...page(''),
});

test('paced_browsing catches a crawler at about one page a second, random items, and marks its user after 20', () => {
  const detector = new BotDetector();
  const flags = flagsOf(detector, crawler(25, { gapMs: 1100, jitter, items: shuffled }));
  assert.deepEqual(flags.slice(0, 6).flat(), [], 'six pages are not enough evidence');
  assert.ok(flags.slice(6).every((f) => f.length === 1 && f[0] === 'bot:paced_browsing'));
  const later = { sessionKey: 'bot-later', userKey: 'bot-user', at: t0 + 3_600_000, ...page('') };
  assert.deepEqual(flagsOf(detector, [later]), [['bot:flagged_user']], 'a crawl of 20 pages marks the user');
  const short = new BotDetector();
  flagsOf(short, crawler(12, { gapMs: 1100, jitter, items: shuffled }));
  assert.deepEqual(flagsOf(short, [later]), [[]], 'a streak of 12 flags its own events only');
});

test('carts, pauses, repeats and steps outside 0.5-3 s break a paced streak', () => {
  const paced = crawler(25, { gapMs: 1100, jitter, items: shuffled });
  const shopper = paced.map((s, k) => (k % 6 === 5 ? { ...s, ...page('') } : s));
  assert.deepEqual(flagsOf(new BotDetector(), shopper).flat(), [], 'a cart every few items');
  assert.deepEqual(flagsOf(new BotDetector(), crawler(25, { gapMs: 4000, jitter, items: shuffled })).flat(), []);
  const repeats = crawler(40, { gapMs: 1000, jitter, items: (k) => item((k * 5) % 6) });
  assert.deepEqual(flagsOf(new BotDetector(), repeats).flat(), [], 'going back to an item seen does not count twice');
  const bursty = crawler(25, { gapMs: 1100, jitter: (k) => (k % 3 === 2 ? -800 : 0), items: shuffled });
  assert.deepEqual(flagsOf(new BotDetector(), bursty).flat(), [], 'every third step 0.3 s: a person, not a pacer');
});

test('fast people are not paced crawlers: a grid scrolled, tabs opened from results, a carousel swiped', () => {
  // Eight tiles of a result grid (by relevance, not id: see sequential_items) seen in 2 s, one opened and read.
  const grid = person([
    ...[14, 11, 17, 10, 15, 12, 16, 13].map((n) => ({ after: 250, ...tile(item(n)) })),
    { after: 1500, ...page(item(13)) },
    { after: 40_000, ...page('') },
  ]);
  // Seven results opened in new tabs within 3 s, then each tab's detail page read for half a minute.
  const tabs = person([
    ...[0, 450, 520, 380, 610, 470, 540].map((after, k) => ({ after, ...page(item(20 + k)) })),
    ...Array.from({ length: 7 }, (_, k) => ({ after: 30_000, ...page(item(20 + k)) })),
  ]);
  // Twelve recommendation tiles swiped past in 3.8 s, one opened.
  const carousel = person([
    ...[280, 340, 310, 260, 390, 300, 270, 350, 320, 290, 360, 330].map((after, k) => ({
      after,
      ...tile(item(40 + ((k * 7) % 12))),
    })),
    { after: 900, ...page(item(46)) },
  ]);
  for (const [name, events] of Object.entries({ grid, tabs, carousel })) {
    const detector = new BotDetector();
    assert.deepEqual(flagsOf(detector, events).flat(), [], name);
    assert.deepEqual(flagsOf(detector, [nextVisit(events.at(-1)!.at)]), [[]], `${name}: the person is not marked`);
  }
});

test('a person who opens seven tabs one a second has that one event flagged, not the reading nor the user', () => {
  const detector = new BotDetector();
  const events = person([
    ...Array.from({ length: 7 }, (_, k) => ({ after: 900, ...page(item(60 + k)) })),
    ...Array.from({ length: 7 }, (_, k) => ({ after: 25_000, ...page(item(60 + k)) })),
  ]);
  const flags = flagsOf(detector, events);
  assert.deepEqual(flags.slice(0, 6).flat(), []);
  assert.deepEqual(flags[6], ['bot:paced_browsing']);
  assert.deepEqual(flags.slice(7).flat(), [], 'reading the tabs');
  assert.deepEqual(flagsOf(detector, [nextVisit(events.at(-1)!.at)]), [[]], 'the person is not marked');
});
