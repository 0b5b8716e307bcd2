import { expect, test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Event } from '@demand/contracts';
import { createShop } from '@demand/testkit';
import { type BotRuleSettings, defaultBotRuleSettings } from '../src/domain/bot-detector.js';
import { createPreprocessState } from '../src/domain/preprocess-state.js';
import { preprocess } from '../src/domain/preprocess.js';
import { rules, testKey } from './support.js';

// The test kit's dirty shop (as in test-e2e/test/dirty-shop.e2e.ts) with paced crawlers added:
// half of the bot sessions view about one item a second, in random order, buying nothing.
const shop = createShop({ seed: 21, users: 400, items: 80, startDay: '2026-10-01' });
const run = shop.generateEvents({
  days: 3,
  dirt: { dirtyRate: 0.08, duplicateRate: 0.03 },
  bots: { sessionRate: 0.03, pacedShare: 0.5 },
  includeCatalog: true,
  runId: 'dirty',
});
const events = [...run];
const truth = run.truth;
// The paced crawlers' accounts follow the fast crawlers' (see BotOptions.pacedShare).
const botUsers = [...truth.botUserIds].sort();
const pacedUsers = new Set(botUsers.slice(botUsers.length / 2));

interface Score {
  flagged: number;
  hits: number;
  pacedHits: number;
  precision: number;
  recall: number;
  pacedRecall: number;
}

interface Flagged {
  events: Set<string>;
  users: Set<string>;
}

/** Runs the stream through the preprocessor's domain code in batches of `batchSize` (200 by default). */
function flaggedBy(bots: BotRuleSettings, batchSize = 200): Flagged {
  const state = createPreprocessState({ key: testKey, dedupWindow: 100_000, bots, maxTextLength: 4000 });
  const flagged = { events: new Set<string>(), users: new Set<string>() };
  const userOf = new Map<string, string>();
  for (let start = 0; start < events.length; start += batchSize) {
    const batch: Event[] = events.slice(start, start + batchSize);
    for (const e of batch) userOf.set(e.eventId, e.userId);
    const last = batch.at(-1)!.occurredAt ?? new Date();
    const result = preprocess(batch, rules, state, new Date(last.getTime() + 1000));
    for (const c of result.clean)
      if (c.flags.some((f) => f.startsWith('bot:'))) {
        flagged.events.add(c.event!.eventId);
        flagged.users.add(userOf.get(c.event!.eventId)!);
      }
    result.commit();
  }
  return flagged;
}

let withDefaults: Flagged | undefined;
/** The default rules in batches of 200, run once for the tests below. */
const flaggedByDefaults = () => (withDefaults ??= flaggedBy(defaultBotRuleSettings));

function score(flagged: ReadonlySet<string>, actual: ReadonlySet<string>, paced: ReadonlySet<string>): Score {
  const hits = [...flagged].filter((id) => actual.has(id)).length;
  const pacedHits = [...flagged].filter((id) => paced.has(id)).length;
  const ratios = { precision: hits / flagged.size, recall: hits / actual.size, pacedRecall: pacedHits / paced.size };
  return { flagged: flagged.size, hits, pacedHits, ...ratios };
}

const botEvents = truth.botEventIds;
/** Flagged events (all of them bots) and those of paced crawlers, with the default rules. */
const FLAGGED = 5880;
const PACED_HITS = 520;
const pacedEvents = new Set(events.filter((e) => pacedUsers.has(e.userId)).map((e) => e.eventId));
const botUserSet = new Set(events.filter((e) => botEvents.has(e.eventId)).map((e) => e.userId));

test('the dirty shop has paced crawlers next to the fast ones', () => {
  assert.ok(pacedEvents.size > 500, `${pacedEvents.size} paced crawler events`);
  assert.ok(pacedEvents.size < botEvents.size, 'fast crawlers are still there');
  for (const id of pacedEvents) assert.ok(botEvents.has(id), 'paced crawlers are bots in the truth');
});

test('without paced_browsing, paced crawlers escape the other rules', () => {
  const flagged = flaggedBy({ ...defaultBotRuleSettings, pacedItems: Number.MAX_SAFE_INTEGER });
  const s = score(flagged.events, botEvents, pacedEvents);
  assert.ok(s.pacedRecall < 0.5, `paced recall without the rule ${s.pacedRecall.toFixed(4)}`);
});

test('bot rules reach precision and recall of at least 0.95 per event and per user, paced crawlers included', () => {
  const flagged = flaggedByDefaults();
  const byEvent = score(flagged.events, botEvents, pacedEvents);
  const byUser = score(flagged.users, botUserSet, new Set([...botUserSet].filter((u) => pacedUsers.has(u))));
  const report = (s: Score) =>
    `precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, paced recall ${s.pacedRecall.toFixed(4)}`;
  const message = `events (${botEvents.size} bot, ${pacedEvents.size} paced): ${report(byEvent)}; users (${botUserSet.size} bot): ${report(byUser)}`;
  expect(message).toBeDefined();
  for (const s of [byEvent, byUser]) {
    assert.ok(s.precision >= 0.95, message);
    assert.ok(s.recall >= 0.95, message);
    assert.ok(s.pacedRecall >= 0.95, message);
  }
  console.log(message);
  // The figures in the README, exactly (seed 21 is deterministic).
  assert.deepEqual(
    [byEvent.flagged, byEvent.hits, byEvent.pacedHits, botEvents.size, pacedEvents.size],
    [FLAGGED, FLAGGED, PACED_HITS, 6032, 544],
  );
  assert.deepEqual([byUser.flagged, byUser.hits, botUserSet.size], [8, 8, 8]);
});

test('the same events are flagged whatever the batch size', () => {
  const inTwoHundreds = [...flaggedByDefaults().events].sort();
  assert.ok(inTwoHundreds.length > 5000);
  for (const batchSize of [7, 5000]) {
    const other = [...flaggedBy(defaultBotRuleSettings, batchSize).events].sort();
    // Lengths first: a differing count is reported with a few ids, never as a diff of thousands.
    let firstDifferent = 0;
    while (firstDifferent < other.length && other[firstDifferent] === inTwoHundreds[firstDifferent]) firstDifferent++;
    const near = (ids: string[]) => ids.slice(firstDifferent, firstDifferent + 3);
    assert.equal(
      other.length,
      inTwoHundreds.length,
      `batches of ${batchSize}: ${near(other)} vs ${near(inTwoHundreds)}`,
    );
    assert.deepEqual(other, inTwoHundreds, `batches of ${batchSize}`);
  }
});
