import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '@demand/contracts';
import { CallLanes } from '../src/call-lanes.js';
import { runImport } from '../src/index.js';
import { capture } from './support/capture-io.js';
import { forgetReceived, hooks, received, withCollector } from './support/recording-collector.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demand-import-lanes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const view = (user: string, item: string, second: number) =>
  JSON.stringify({
    user_id: user,
    occurred_at: new Date(Date.UTC(2026, 2, 1, 10, 0, second)).toISOString(),
    type: 'view',
    item_id: item,
    surface: 'detail',
  });

/** `users` users' views, `perUser` each, interleaved in time order; event ids say user and step (`o-3-1`). */
async function interleavedViews(name: string, users: number, perUser: number): Promise<string> {
  const path = join(dir, name);
  const lines = Array.from({ length: perUser * users }, (_, n) => {
    const [step, user] = [Math.floor(n / users), n % users];
    const occurredAt = new Date(Date.UTC(2026, 2, 1, 10, 0, n)).toISOString();
    return JSON.stringify({
      event_id: `o-${user}-${step}`,
      user_id: `u-${user}`,
      occurred_at: occurredAt,
      type: 'view',
      item_id: 'i-1',
      surface: 'detail',
    });
  });
  await writeFile(path, lines.join('\n'));
  return path;
}

/** Each user's steps in the order the collector took them. */
function stepsByUser(events: readonly Event[]): Map<string, number[]> {
  const steps = new Map<string, number[]>();
  for (const e of events) {
    const [, user, step] = e.eventId.split('-');
    steps.set(user!, [...(steps.get(user!) ?? []), Number(step)]);
  }
  return steps;
}

/** Imports `path` in calls of `batch` lines through a collector that runs `hook` before it records a call. */
async function importWith(address: string, path: string, batch: number, hook: typeof hooks.beforeTrackBatch) {
  hooks.beforeTrackBatch = hook;
  forgetReceived();
  try {
    assert.equal(await runImport(['--collector', address, '--batch', String(batch), path], capture().io), 0);
  } finally {
    hooks.beforeTrackBatch = async () => undefined;
  }
}

/** A hook that answers each call after 30 ms, and the most calls it had at once. */
function slowCalls() {
  let running = 0;
  let most = 0;
  const hook = async () => {
    most = Math.max(most, ++running);
    await new Promise((resolve) => setTimeout(resolve, 30));
    running--;
  };
  return { hook, most: () => most };
}

/** A call held until `release` (or `ms`, then `gaveUp`). */
function heldCall(ms = 3000) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const state = { held, release, gaveUp: false };
  const timer = setTimeout(() => ((state.gaveUp = true), release()), ms);
  void held.then(() => clearTimeout(timer));
  return state;
}

test("a user's events reach the collector in file order though a call is refused and retried meanwhile", async () => {
  await withCollector(async (address) => {
    const path = await interleavedViews('refused-once.jsonl', 8, 6);
    let refused = false;
    await importWith(address, path, 4, async () => {
      if (refused) return;
      refused = true;
      throw Object.assign(new Error('the pipeline is busy'), { code: 'UNAVAILABLE', retryAfterMs: 150 });
    });
    assert.ok(refused);
    assert.equal(received.events.length, 48);
    for (const [user, steps] of stepsByUser(received.events)) assert.deepEqual(steps, [0, 1, 2, 3, 4, 5], `u-${user}`);
  });
});

test('demand import keeps --in-flight calls on the wire while it reads on', async () => {
  await withCollector(async (address) => {
    const path = await interleavedViews('pipelined.jsonl', 64, 4);
    const calls = slowCalls();
    await importWith(address, path, 16, calls.hook);
    assert.equal(calls.most(), 4, 'four calls at a time');
    assert.equal(received.events.length, 256);
    assert.ok(received.calls.length <= 256 / 16 + 4, `${received.calls.length} calls for 256 lines in batches of 16`);
  });
});

test('an item goes after the calls read before it were answered and before the events read after it', async () => {
  await withCollector(async (address) => {
    const path = join(dir, 'item-between.jsonl');
    const item = JSON.stringify({ type: 'item_upsert', item_id: 'i-9', title: 'Teapot', price: 30, currency: 'CNY' });
    await writeFile(path, [view('u-1', 'i-1', 0), item, view('u-2', 'i-9', 1)].join('\n'));
    // u-1 and u-2 take different lanes, so only the item's wait orders u-1's answer before it.
    await importWith(address, path, 1, async (request) => {
      if (request.events[0]?.userId === 'u-1') await new Promise((resolve) => setTimeout(resolve, 50));
    });
    assert.deepEqual(received.log, ['track u-1', 'answer u-1', 'items i-9', 'track u-2', 'answer u-2']);
  });
});

test('a busy lane holds back neither the reader nor the other lanes', async () => {
  await withCollector(async (address) => {
    const path = join(dir, 'one-heavy-user.jsonl');
    const heavy = Array.from({ length: 64 }, (_, k) => ({
      ...JSON.parse(view('heavy', 'i-1', k)),
      event_id: `o-heavy-${k}`,
    }));
    const others = ['b', 'c', 'd'].flatMap((user, n) => [0, 1, 2, 3].map((k) => view(user, 'i-1', 100 + n * 4 + k)));
    await writeFile(path, [...heavy.map((l) => JSON.stringify(l)), ...others].join('\n'));
    // The heavy user's lane (0) is held until the other lanes' (1-3) calls came, read after all of its lines.
    const lane0 = heldCall();
    const seen = new Set<string>();
    await importWith(address, path, 16, async (request) => {
      const user = request.events[0]!.userId;
      if (user === 'heavy') return lane0.held;
      seen.add(user);
      if (seen.size === 3) lane0.release();
    });
    assert.equal(lane0.gaveUp, false, 'the other users came while the heavy one was held');
    assert.match(received.log.join(' '), /^track heavy (.* )?answer b .*answer c .*answer d .*answer heavy/);
    assert.deepEqual(stepsByUser(received.events).get('heavy'), [...Array(64).keys()]);
  });
});

test("a single user's file flows, one call at a time", async () => {
  await withCollector(async (address) => {
    const path = await interleavedViews('one-user.jsonl', 1, 128);
    const calls = slowCalls();
    await importWith(address, path, 16, calls.hook);
    assert.equal(calls.most(), 1);
    assert.deepEqual(stepsByUser(received.events).get('0'), [...Array(128).keys()]);
  });
});

test("the lanes' last calls, sent once the file is read, do not wait for one busy lane", async () => {
  await withCollector(async (address) => {
    // Six lines of each of 4 users, one a lane: only lane 0 (u-3) fills a call (4 lines) before the end of the file.
    const path = await interleavedViews('short.jsonl', 4, 6);
    const lane0 = heldCall();
    let first = true;
    let others = 0;
    await importWith(address, path, 16, async (request) => {
      if (request.events[0]!.userId !== 'u-3') {
        if (++others === 3) lane0.release();
      } else if (first) {
        first = false;
        return lane0.held;
      }
    });
    assert.equal(lane0.gaveUp, false, "the other lanes' last calls came while lane 0's first was held");
    assert.deepEqual([...received.calls].sort(), [2, 4, 6, 6, 6]);
    assert.ok(received.calls.indexOf(4) < received.calls.indexOf(2), "lane 0's calls in file order");
  });
});

test('a call refused for good stops the import: exit 1, an error line, no summary, later calls unsent', async () => {
  await withCollector(async (address) => {
    const path = await interleavedViews('refused-for-good.jsonl', 3, 4);
    hooks.beforeTrackBatch = async () => {
      // Held while the reader queues the other calls behind it in the one lane.
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw Object.assign(new Error('occurred_at is in the future'), { code: 'INVALID_ARGUMENT' });
    };
    forgetReceived();
    const { io, out } = capture();
    try {
      assert.equal(await runImport(['--collector', address, '--in-flight', '1', '--batch', '2', path], io), 1);
    } finally {
      hooks.beforeTrackBatch = async () => undefined;
    }
    assert.match(
      out.stderr,
      /\nerror: INVALID_ARGUMENT: occurred_at is in the future \(after line 12; the import may be run again\)\n$/,
    );
    assert.equal(out.stdout, '', 'no summary');
    assert.deepEqual(received.log, ['track u-0,u-1'], 'the five calls queued behind the refused one never went');
  });
});

test('the reader pauses while the calls waiting in the lanes hold more than --in-flight x 8 MiB', async () => {
  await withCollector(async (address) => {
    const path = join(dir, 'long-reviews-held.jsonl');
    // heavy (lane 0) writes 700 reviews of ~10k chars, ~3 MB a call of 100 by the estimate: more than 2 x 8 MiB
    // wait behind its held first call by its 650th; light's (lane 1) views interleaved, then 300 more at the end.
    const review = (k: number) =>
      JSON.stringify({
        ...JSON.parse(view('heavy', 'i-1', k)),
        event_id: `o-heavy-${k}`,
        type: 'review',
        text: 'Sturdy kettle, boils fast. '.repeat(370),
        rating: 4,
      });
    const light = (k: number) => JSON.stringify({ ...JSON.parse(view('light', 'i-1', k)), event_id: `o-light-${k}` });
    const lines = [...Array(700).keys()].flatMap((k) => [review(k), light(k)]);
    await writeFile(path, [...lines, ...Array.from({ length: 300 }, (_, k) => light(700 + k))].join('\n'));
    assert.notEqual(new CallLanes(2).laneOf('heavy'), new CallLanes(2).laneOf('light'));
    const { io, out } = capture();
    const heavyCall = heldCall(2000);
    let first = true;
    let lightSent = 0;
    let whileHeld = { lightSent: 0, stderr: '' };
    hooks.beforeTrackBatch = async (request) => {
      if (request.events[0]!.userId === 'light') {
        lightSent += request.events.length;
        if (lightSent === 1000) heavyCall.release();
      } else if (first) {
        first = false;
        await heavyCall.held;
        whileHeld = { lightSent, stderr: out.stderr };
      }
    };
    forgetReceived();
    try {
      assert.equal(
        await runImport(['--collector', address, '--in-flight', '2', '--batch', '100', path], io),
        0,
        out.stderr,
      );
    } finally {
      hooks.beforeTrackBatch = async () => undefined;
    }
    assert.equal(heavyCall.gaveUp, true, `all of light's views came while heavy's first call was held`);
    assert.ok(whileHeld.lightSent > 0 && whileHeld.lightSent < 1000, `${whileHeld.lightSent} of light's views came`);
    assert.doesNotMatch(whileHeld.stderr, /100%/);
    assert.match(out.stderr, /100% 1700 sent, 0 bad\n$/);
    const steps = stepsByUser(received.events);
    assert.deepEqual(steps.get('heavy'), [...Array(700).keys()]);
    assert.deepEqual(steps.get('light'), [...Array(1000).keys()]);
  });
});
