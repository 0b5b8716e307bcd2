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
