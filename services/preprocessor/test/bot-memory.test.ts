import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BotDetector } from '../src/domain/bot-detector.js';
import { crawler, flagsOf, page, t0 } from './bot-signals.js';

const day = 86_400_000;

test('a flagged import older than the live bot keeps the live flag: its next sessions are still flagged_user', () => {
  const detector = new BotDetector();
  assert.ok(
    flagsOf(detector, crawler(30, { user: 'u-1', session: 'live' }))
      .at(-1)!
      .includes('bot:rate'),
  );
  const imported = crawler(30, { user: 'u-1', session: 'old', start: t0 - 10 * day }).map((s) => ({
    ...s,
    imported: true,
  }));
  assert.ok(flagsOf(detector, imported).at(-1)!.includes('bot:rate'), 'the old crawl is flagged by its own rules');
  const later = { sessionKey: 'next', userKey: 'u-1', at: t0 + 3_600_000, ...page('') };
  assert.deepEqual(flagsOf(detector, [later]), [['bot:flagged_user']], 'an hour after the live crawl');
});

test('flagged_user lasts 24 h after the last rule that fired, not after each event it flagged', () => {
  const detector = new BotDetector();
  // A shopper whose eight views happened to walk ids in order: one false flag.
  const walk = crawler(8, { user: 'shopper', session: 'monday', gapMs: 4000, jitter: (k) => k * k * 300 });
  assert.deepEqual(flagsOf(detector, walk).at(-1), ['bot:sequential_items']);
  const visit = (hours: number) => ({ sessionKey: `visit-${hours}`, userKey: 'shopper', at: t0 + hours * 3_600_000 });
  const visits = [12, 23, 34, 45].map((hours) => ({ ...visit(hours), ...page('') }));
  assert.deepEqual(
    flagsOf(detector, visits),
    [['bot:flagged_user'], ['bot:flagged_user'], [], []],
    'within 24 h of the false flag, then clear though each visit was within 24 h of the one before',
  );
});

test('a long pause clears the rules of a session, also of events without a session id (one key per user)', () => {
  const detector = new BotDetector();
  const noSession = 'u-7/';
  const walk = crawler(8, { user: 'u-7', session: noSession, gapMs: 4000, jitter: (k) => k * k * 300 });
  assert.deepEqual(flagsOf(detector, walk).at(-1), ['bot:sequential_items']);
  const nextWeek = { sessionKey: noSession, userKey: 'u-7', at: t0 + 7 * day, ...page('') };
  assert.deepEqual(flagsOf(detector, [nextWeek]), [[]], 'a week later the old walk says nothing');
});

test("a user's imported window is dropped once their live events are a window newer, and a retried import is not counted", () => {
  const signal = (k: number, at: number, imported: boolean) => ({
    sessionKey: `s-${Math.floor(k / 5)}`,
    userKey: 'u-8',
    at,
    ...page(''),
    imported,
  });
  const burst = Array.from({ length: 60 }, (_, k) => signal(k, t0 - day + k * 830 + (k % 3) * 90, true));
  const live = signal(100, t0, false);
  const detector = new BotDetector();
  assert.deepEqual(detector.assess(burst.slice(0, 59)).flags.flat(), [], 'assessed, never committed');
  assert.deepEqual(flagsOf(detector, burst.slice(0, 59)).flat(), [], '59 imported events');
  assert.deepEqual(flagsOf(detector, [live, burst[59]!]), [[], []], 'a day-newer live event dropped the 59');
  const kept = new BotDetector();
  flagsOf(kept, burst.slice(0, 59));
  assert.deepEqual(flagsOf(kept, [{ ...live, at: t0 - day + 60_000 }, burst[59]!]), [[], ['bot:user_rate']]);
});
