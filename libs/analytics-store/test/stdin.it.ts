import assert from 'node:assert/strict';
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from '@jest/globals';
import { PER_ROUND, ROUNDS, SERVICES } from './stdin-workload.js';

// chdb once read the process's standard input during inserts (issue #9; README "Standard
// input"): each case runs the concurrent workload in a child whose stdin is kept open, and
// checks it finished in time with every row stored exactly once and nothing from stdin.

const workload = fileURLToPath(new URL('./stdin-workload.js', import.meta.url));
const LIMIT_MS = 60_000;
const INTRUDER = '{"service":"intruder","seq":1,"payload":"from stdin"}\n';

interface Outcome {
  stdinIsTTY: boolean;
  totals: { service: string; n: number; distinct: number }[];
}

function run(command: string, args: string[], stdin: StdioOptions, feed?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [stdin, 'pipe', 'pipe'] as StdioOptions });
    if (feed !== undefined) child.stdin?.write(feed);
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      child.stdin?.destroy();
      if (signal === 'SIGKILL') return reject(new Error(`the workload hung: killed after ${LIMIT_MS} ms`));
      const line = out.split(/\r?\n/).find((l) => l.startsWith('{"stdinIsTTY"'));
      if (code !== 0 || line === undefined)
        return reject(new Error(`the workload failed (exit ${code}): ${err}${out}`));
      resolve(JSON.parse(line) as Outcome);
    });
  });
}

function assertEveryRowOnce(outcome: Outcome): void {
  const expected = [...SERVICES].sort().map((service) => ({
    service,
    n: ROUNDS * PER_ROUND,
    distinct: ROUNDS * PER_ROUND,
  }));
  assert.deepEqual(outcome.totals, expected);
}

test('stdin an open pipe nobody writes to: the workload finishes with every row once', async () => {
  const outcome = await run(process.execPath, [workload], 'pipe');
  assert.equal(outcome.stdinIsTTY, false);
  assertEveryRowOnce(outcome);
});

test('stdin an open pipe holding a row: nothing is read from it into the tables', async () => {
  assertEveryRowOnce(await run(process.execPath, [workload], 'pipe', INTRUDER));
});

test('stdin /dev/null: the workload finishes with every row once', async () => {
  const outcome = await run(process.execPath, [workload], 'ignore');
  assert.equal(outcome.stdinIsTTY, false);
  assertEveryRowOnce(outcome);
});

// util-linux `script` runs the command on a new pseudo-terminal; its own stdin stays an open pipe.
const hasScript = spawnSync('script', ['--version']).status === 0;
(hasScript ? test : test.skip)('stdin a terminal (script -qec on a pty): every row once', async () => {
  const command = [process.execPath, workload].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
  const outcome = await run('script', ['-qec', command, '/dev/null'], 'pipe', INTRUDER);
  assert.equal(outcome.stdinIsTTY, true);
  assertEveryRowOnce(outcome);
});
