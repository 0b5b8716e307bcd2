import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BotDetector, defaultBotRuleSettings, type BotSignal } from '../src/domain/bot-detector.js';
import { excludedFromTraining } from '../src/domain/flags.js';
import { crawler, flagsOf, item, page, t0 } from './bot-signals.js';

/** A person: a handful of events seconds to minutes apart, items at random. */
function person(seed: number, count: number, session = `s-${seed}`, user = `u-${seed}`): BotSignal[] {
  let x = seed;
  const random = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let at = t0;
  return Array.from({ length: count }, () => {
    at += 1000 + Math.floor(random() * 30_000);
    return { sessionKey: session, userKey: user, at, ...page(item(Math.floor(random() * 500))) };
  });
}

test('people browsing, searching and buying are never flagged', () => {
  const detector = new BotDetector();
  for (let seed = 1; seed <= 300; seed++) {
    const flags = flagsOf(detector, person(seed, 40));
    assert.deepEqual(flags.flat(), [], `person ${seed}`);
  }
});

test('a fast crawler is flagged by rate, regular interval and sequential items from the event that trips each rule', () => {
  const flags = flagsOf(new BotDetector(), crawler(30));
  assert.deepEqual(flags.slice(0, 7), [[], [], [], [], [], [], []], 'seven views are not enough evidence');
  assert.deepEqual(flags[7], ['bot:sequential_items'], 'eight items in id order');
  assert.deepEqual(flags[10], ['bot:regular_interval', 'bot:sequential_items']);
  assert.deepEqual(flags[19], ['bot:rate', 'bot:regular_interval', 'bot:sequential_items']);
  assert.ok(flags.slice(19).every((f) => f.length === 3 && excludedFromTraining(f)));
  assert.ok(!flags.flat().includes('bot:paced_browsing'), 'a step of 0.2 s is faster than a paced crawler');
});

/** A mixed stream: people, crawlers, a session hopper, several sessions a user, interleaved by time. */
function mixedStream(): BotSignal[] {
  const hopper = Array.from({ length: 80 }, (_, k) => ({
    sessionKey: `hop-${Math.floor(k / 5)}`,
    userKey: 'hopper',
    at: t0 + k * 700 + (k % 4) * 150,
    ...page(item((k * 37) % 500)),
  }));
  const streams = [
    ...Array.from({ length: 20 }, (_, p) => person(p + 1, 30)),
    crawler(40),
    crawler(30, { gapMs: 1100, session: 'paced', user: 'pacer', jitter: (k) => ((k * 7919) % 900) - 300 }),
    crawler(20, { gapMs: 5000, session: 'slow', user: 'pacer', start: t0 + 120_000, items: (k) => item(k * 13) }),
    hopper,
  ];
  return streams.flat().sort((a, b) => a.at - b.at);
}

/** Assesses `batches` one after another on a fresh detector; the flags of each signal by its place in `order`. */
function flagsByBatches(stream: readonly BotSignal[], cuts: readonly number[]): string[] {
  const detector = new BotDetector();
  const out: string[] = [];
  for (let i = 0; i < cuts.length - 1; i++)
    for (const f of flagsOf(detector, stream.slice(cuts[i], cuts[i + 1]))) out.push(f.join(','));
  return out;
}

test('the flags do not depend on how the stream is cut into batches', () => {
  const stream = mixedStream();
  const whole = flagsByBatches(stream, [0, stream.length]);
  assert.ok(whole.filter((f) => f !== '').length > 80, 'the stream has bots');
  assert.ok(whole.some((f) => f === 'bot:flagged_user') && whole.some((f) => f.includes('bot:user_rate')));
  const ones = flagsByBatches(
    stream,
    Array.from({ length: stream.length + 1 }, (_, i) => i),
  );
  assert.deepEqual(ones, whole, 'one event a batch');
  let x = 7;
  const cuts = [0];
  while (cuts.at(-1)! < stream.length)
    cuts.push(Math.min(stream.length, cuts.at(-1)! + 1 + ((x = (x * 48_271) % 2_147_483_647) % 60)));
  assert.deepEqual(flagsByBatches(stream, cuts), whole, 'batches of 1-60 events');
});

test("the flags do not depend on how the users' streams are interleaved (as partitions are)", () => {
  const stream = mixedStream();
  const keyed = stream.map((signal, position) => ({ signal, position }));
  const verdicts = (order: typeof keyed) => {
    const flags = flagsOf(
      new BotDetector(),
      order.map((k) => k.signal),
    );
    const byPosition = new Array<string>(stream.length);
    order.forEach((k, i) => {
      byPosition[k.position] = flags[i]!.join(',');
    });
    return byPosition;
  };
  // Each user's events in their own order, the users one after another (another partition layout).
  const byUser = [...keyed].sort((a, b) =>
    a.signal.userKey < b.signal.userKey ? -1 : a.signal.userKey > b.signal.userKey ? 1 : 0,
  );
  // The users in reverse order, each user's events still in their own order.
  const perUser = new Map<string, typeof keyed>();
  for (const k of keyed) {
    const list = perUser.get(k.signal.userKey) ?? [];
    list.push(k);
    perUser.set(k.signal.userKey, list);
  }
  const reversedUsers = [...perUser.values()].reverse().flat();
  assert.deepEqual(verdicts(byUser), verdicts(keyed));
  assert.deepEqual(verdicts(reversedUsers), verdicts(keyed));
});

test('each rule on its own', () => {
  const irregular = (k: number) => (k % 3) * 90;
  const shuffled = (k: number) => item([5, 3, 9, 1, 7][k % 5]! + 10 * Math.floor(k / 5));
  // Fast, irregular, random items: the rate.
  assert.deepEqual(flagsOf(new BotDetector(), crawler(25, { gapMs: 300, jitter: irregular, items: shuffled }))[24], [
    'bot:rate',
  ]);
  // The same on the same few items: only the rate.
  const fewItems = (k: number) => item([5, 3, 9, 1, 7][k % 5]!);
  assert.deepEqual(flagsOf(new BotDetector(), crawler(25, { gapMs: 300, jitter: irregular, items: fewItems }))[24], [
    'bot:rate',
  ]);
  // Slow (one every 5 s) but perfectly regular, random items: only the interval.
  assert.deepEqual(flagsOf(new BotDetector(), crawler(12, { gapMs: 5000, items: shuffled }))[11], [
    'bot:regular_interval',
  ]);
  // Slow, irregular, but walking ids in order: only sequential items.
  assert.deepEqual(flagsOf(new BotDetector(), crawler(8, { gapMs: 4000, jitter: (k) => k * k * 300 }))[7], [
    'bot:sequential_items',
  ]);
});

test('user_rate catches a bot that opens a new session every few requests; flagged_user then marks the user for a while', () => {
  const detector = new BotDetector();
  const hopping = Array.from({ length: 60 }, (_, k) => ({
    sessionKey: `hop-${Math.floor(k / 5)}`,
    userKey: 'hopper',
    at: t0 + k * 700 + (k % 4) * 150,
    ...page(item((k * 37) % 500)),
  }));
  const flags = flagsOf(detector, hopping);
  assert.deepEqual(flags[58], []);
  assert.deepEqual(flags[59], ['bot:user_rate']);
  const later = flagsOf(
    detector,
    [1, 2, 3].map((k) => ({
      sessionKey: 'hop-new',
      userKey: 'hopper',
      at: t0 + k * 600_000,
      ...page(item(k * 7)),
    })),
  );
  assert.deepEqual(later, [['bot:flagged_user'], ['bot:flagged_user'], ['bot:flagged_user']]);
  const nextDay = flagsOf(detector, [{ sessionKey: 'hop-x', userKey: 'hopper', at: t0 + 2 * 86_400_000, ...page('') }]);
  assert.deepEqual(nextDay, [[]], 'the memory ends');
});

test('imported history is judged by its own times: older than the bot found live, it is not flagged by memory', () => {
  const detector = new BotDetector();
  const live = flagsOf(detector, crawler(30, { user: 'u-1', session: 'live', start: t0 }));
  assert.ok(live.at(-1)!.includes('bot:rate'));
  const imported = (at: number, session: string) => ({ sessionKey: session, userKey: 'u-1', at, ...page('') });
  const flags = flagsOf(detector, [
    imported(t0 - 7_200_000, 'old-1'),
    imported(t0 - 3_600_000, 'old-2'),
    imported(t0 + 3_600_000, 'after-1'),
    imported(t0 + 100_000_000, 'after-2'),
  ]);
  assert.deepEqual(
    flags,
    [[], [], ['bot:flagged_user'], []],
    'two hours and one before; an hour after; over a day after the last flagged',
  );
});

test('a user flagged on day 1 and day 30 is not flagged in between: the memory covers 24 h after each flag', () => {
  const detector = new BotDetector();
  const day = 86_400_000;
  const crawl = (start: number, session: string) => crawler(30, { user: 'u-3', session, start });
  const late = (at: number, session: string) => ({ sessionKey: session, userKey: 'u-3', at, ...page('') });
  assert.ok(flagsOf(detector, crawl(t0, 'day-1')).at(-1)!.includes('bot:rate'));
  assert.deepEqual(flagsOf(detector, [late(t0 + 3_600_000, 'late-1')]), [['bot:flagged_user']], 'an hour after');
  assert.ok(
    flagsOf(detector, crawl(t0 + 29 * day, 'day-30'))
      .at(-1)!
      .includes('bot:rate'),
  );
  assert.deepEqual(
    flagsOf(detector, [late(t0 + 10 * day, 'late-10'), late(t0 + 29 * day + 60_000, 'late-30')]),
    [[], ['bot:flagged_user']],
    'day 10, over a week from any flag; a minute into day 30',
  );
});

test('history of the same hours imported after live events is no burst: windows take event times, not arrival order', () => {
  const detector = new BotDetector();
  const signal = (session: string, at: number) => ({ sessionKey: session, userKey: 'u-2', at, ...page('') });
  const live = Array.from({ length: 30 }, (_, k) => signal('live', t0 + k * 60_000 + (k % 4) * 7000));
  assert.deepEqual(flagsOf(detector, live).flat(), [], 'one event a minute');
  const imported = Array.from({ length: 30 }, (_, j) => signal('imported', t0 + j * 1000 + (j % 3) * 300));
  assert.deepEqual(flagsOf(detector, imported).flat(), [], '60 events, but over 29 minutes');
});

test("a user's live burst is found though their imported history arrives in between: one window each", () => {
  const signal = (session: string, at: number, imported: boolean) => ({
    sessionKey: session,
    userKey: 'u-5',
    at,
    ...page(''),
    imported,
  });
  // 60 live events in 50 s over 12 sessions (no session's own rate), irregular; a day-old import arrives between them.
  const live = Array.from({ length: 60 }, (_, k) =>
    signal(`live-${Math.floor(k / 5)}`, t0 + k * 830 + (k % 3) * 90, false),
  );
  const old = (k: number) => t0 - 86_400_000 + k * 60_000 + ((k * 7919) % 20_000);
  const imported = Array.from({ length: 60 }, (_, k) => signal('imported', old(k), true));
  const flags = flagsOf(
    new BotDetector(),
    live.flatMap((event, k) => [event, imported[k]!]),
  );
  assert.deepEqual(flags.slice(0, 118).flat(), []);
  assert.deepEqual(flags[118], ['bot:user_rate'], 'the 60th live event');
  assert.deepEqual(flags[119], [], 'the import is a day older');
});

test("an older event arriving inside a session does not end it: the idle reset compares with the session's latest time", () => {
  const walk = crawler(8, { gapMs: 4000, jitter: (k) => (k % 3) * 400 });
  // A late copy of the fifth view, stamped two hours earlier (a repeat of the last item: it neither extends nor breaks).
  const late = { ...walk[4]!, at: t0 - 7_200_000 };
  const flags = flagsOf(new BotDetector(), [...walk.slice(0, 5), late, ...walk.slice(5)]);
  assert.deepEqual(flags.slice(0, 8).flat(), []);
  assert.deepEqual(flags[8], ['bot:sequential_items'], 'the eighth item in id order');
});

test('across batches: a session found out stays flagged', () => {
  const detector = new BotDetector();
  const stream = crawler(40);
  const first = flagsOf(detector, stream.slice(0, 5));
  assert.deepEqual(first.flat(), [], 'five events are not enough evidence');
  const second = flagsOf(detector, stream.slice(5, 40));
  assert.deepEqual(second.slice(0, 2), [[], []]);
  assert.ok(
    second.slice(2).every((f) => f.includes('bot:sequential_items')),
    'from the eighth item in id order on',
  );
});

test('a batch is only remembered once committed, so a retried batch is not counted twice', () => {
  const detector = new BotDetector({ ...defaultBotRuleSettings, rateEvents: 4, rateWindowMs: 1000 });
  const quick = crawler(3, { gapMs: 100, items: () => 'same', jitter: (k) => k * 7 });
  assert.deepEqual(detector.assess(quick).flags.flat(), []);
  assert.deepEqual(detector.assess(quick).flags.flat(), [], 'the first attempt left nothing behind');
  detector.assess(quick).commit();
  assert.deepEqual(detector.assess(crawler(1, { start: t0 + 400, items: () => 'same' })).flags, [['bot:rate']]);
});

test('a long pause starts the session windows afresh; memory stays bounded', () => {
  const detector = new BotDetector({ ...defaultBotRuleSettings, maxTrackedSessions: 2, maxTrackedUsers: 2 });
  const part = crawler(5, { gapMs: 200 });
  flagsOf(detector, part);
  const resumed = flagsOf(detector, crawler(5, { gapMs: 200, start: t0 + 3_600_000, items: (k) => item(105 + k) }));
  assert.deepEqual(resumed.flat(), [], 'ten events an hour apart are two visits, not a crawl of ten');
  for (let s = 0; s < 10; s++) flagsOf(detector, crawler(2, { session: `other-${s}`, user: `other-${s}` }));
  assert.deepEqual(
    flagsOf(detector, crawler(5, { gapMs: 200, start: t0 + 3_601_200, items: (k) => item(110 + k) })).flat(),
    [],
    'the evicted session starts over',
  );
});

test('events without a time order (clock skew) never count as regular', () => {
  const skewed = crawler(15, { gapMs: 200, jitter: (k) => (k % 2 === 0 ? 0 : -400), items: () => '' });
  assert.ok(!flagsOf(new BotDetector(), skewed).flat().includes('bot:regular_interval'));
});
