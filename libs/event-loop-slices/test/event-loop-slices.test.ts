import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { setImmediate as afterIo } from 'node:timers/promises';
import { DEFAULT_SLICE_MS, EventLoopSlices } from '../src/index.js';

/** A fake clock the steps move (a loaded machine's preemption must not move slice boundaries) and event-loop turns. */
function harness(sliceMs: number) {
  const clock = { ms: 0, turns: 0 };
  const slices = new EventLoopSlices(sliceMs, () => clock.ms);
  /** Steps of `msEach` that note the turn each ran in; returns `result`. */
  function* steps<R>(n: number, msEach: number, seen: number[], result: R): Generator<void, R> {
    for (let i = 0; i < n; i++) {
      seen.push(clock.turns);
      clock.ms += msEach;
      yield;
    }
    return result;
  }
  /** Counts turns of the event loop from now on, until `stop`. */
  function countTurns(): () => void {
    let on = true;
    const tick = () => {
      if (!on) return;
      clock.turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    return () => {
      on = false;
    };
  }
  return { clock, slices, steps, countTurns };
}

test('a run yields to the event loop once its slice has passed, and returns what the steps returned', async () => {
  const { slices, steps, countTurns } = harness(3);
  const stop = countTurns();
  const seen: number[] = [];
  assert.equal(await slices.run(steps(7, 1, seen, 'encoded')), 'encoded');
  stop();
  // 1 ms a step in 3 ms slices: three steps, a turn, three steps, a turn, the last one.
  assert.deepEqual(seen, [0, 0, 0, 1, 1, 1, 2]);
});

test('a step longer than the slice is followed by a yield; steps that take no time never yield', async () => {
  const { slices, steps, countTurns } = harness(3);
  const stop = countTurns();
  const long: number[] = [];
  await slices.run(steps(3, 10, long, undefined));
  const quick: number[] = [];
  await afterIo();
  await slices.run(steps(1000, 0, quick, undefined));
  stop();
  assert.deepEqual(long, [0, 1, 2]);
  assert.equal(new Set(quick).size, 1, 'one slice for steps that take no time');
});

test('a run after a turn of the event loop starts a slice of its own', async () => {
  const { slices, steps, countTurns } = harness(3);
  const first: number[] = [];
  await slices.run(steps(2, 1, first, undefined)); // 2 of the slice's 3 ms used
  await afterIo(); // the caller awaited I/O
  const stop = countTurns();
  const second: number[] = [];
  await slices.run(steps(3, 1, second, undefined));
  stop();
  assert.deepEqual(second, [0, 0, 0], 'not cut after 1 ms by the slice the first run began');
});

test('a step that throws rejects the run, and the next run still works', async () => {
  const { slices } = harness(3);
  function* failing(): Generator<void, never> {
    yield;
    throw new Error('a value does not fit');
  }
  await assert.rejects(slices.run(failing()), /a value does not fit/);
  function* one(): Generator<void, number> {
    yield;
    return 1;
  }
  assert.equal(await slices.run(one()), 1);
});

test('on the real clock, a run of many milliseconds lets callbacks queued before it run before it ends', async () => {
  const slices = new EventLoopSlices();
  assert.equal(DEFAULT_SLICE_MS, 3);
  let queuedRan = false;
  setImmediate(() => {
    queuedRan = true;
  });
  let ranBeforeEnd = false;
  // Steps of at least 1 ms each, counted: a preemption of the test's process (a loaded machine) makes a step longer,
  // never ends the run before its first yield, as it could when the steps ran until a time.
  function* busy(): Generator<void, void> {
    for (let step = 0; step < 30; step++) {
      const until = performance.now() + 1;
      while (performance.now() < until);
      ranBeforeEnd ||= queuedRan;
      yield;
    }
  }
  await slices.run(busy());
  assert.ok(ranBeforeEnd, 'the queued callback ran while the 30 ms of steps were under way');
});

test('runs one after another with no I/O between them share one slice: the second yields once the first used it up', async () => {
  const { slices, steps, countTurns } = harness(50);
  await slices.run(steps(1, 0, [], undefined)); // starts a slice
  const stop = countTurns();
  const second: number[] = [];
  await slices.run(steps(1, 40, second, undefined));
  const third: number[] = [];
  await slices.run(steps(3, 20, third, undefined)); // 40 + 20 ms > 50: yields after its first step, not 50 ms later
  stop();
  assert.deepEqual([...second, ...third], [0, 0, 1, 1]);
});

test('overlapping runs wait for each other: together they hold a turn of the event loop for one slice', async () => {
  const { slices, steps, countTurns } = harness(3);
  const stop = countTurns();
  const first: number[] = [];
  const second: number[] = [];
  const both = Promise.all([
    slices.run(steps(5, 1, first, 'first')),
    slices.run(steps(5, 1, second, 'second')), // called while the first is under way
  ]);
  assert.deepEqual(await both, ['first', 'second']);
  stop();
  // 1 ms a step in 3 ms slices: the second run's steps follow the first's, three to a turn.
  assert.deepEqual(first, [0, 0, 0, 1, 1]);
  assert.deepEqual(second, [1, 2, 2, 2, 3]);
});

test('a run waiting behind one that fails still runs', async () => {
  const { slices, steps } = harness(3);
  function* failing(): Generator<void, never> {
    yield;
    throw new Error('a value does not fit');
  }
  const failed = slices.run(failing());
  const next = slices.run(steps(2, 1, [], 'ran'));
  await assert.rejects(failed, /a value does not fit/);
  assert.equal(await next, 'ran');
});

test('a slice is 0 ms or more: 0 yields after every step; a negative or endless one is refused', async () => {
  const { slices, steps, countTurns } = harness(0);
  const stop = countTurns();
  const seen: number[] = [];
  await slices.run(steps(3, 0, seen, undefined));
  stop();
  assert.deepEqual(seen, [0, 1, 2]);
  for (const sliceMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
    assert.throws(() => new EventLoopSlices(sliceMs), RangeError, `${sliceMs}`);
});
