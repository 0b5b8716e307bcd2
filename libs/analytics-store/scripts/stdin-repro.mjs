// Runs the concurrent store workload (dist/test/stdin-workload.js) again and again in a child
// process whose standard input is an open pipe nobody writes to, and reports the runs that
// hung (killed after the limit) or lost or duplicated rows. Build first (tsc -b).
// Usage: node libs/analytics-store/scripts/stdin-repro.mjs [runs=50] [limitMs=30000] [stdin=pipe|null|inherit]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const worker = fileURLToPath(new URL('../dist/test/stdin-workload.js', import.meta.url));
const runs = Number(process.argv[2] ?? 50);
const limitMs = Number(process.argv[3] ?? 30_000);
const stdin = process.argv[4] ?? 'pipe';

function runOnce() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [worker], { stdio: [stdin === 'null' ? 'ignore' : stdin, 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, code, signal, out: out.trim(), err: err.trim() });
    });
  });
}

let failed = 0;
for (let run = 1; run <= runs; run++) {
  const result = await runOnce();
  const rowsOk =
    result.code === 0 && JSON.parse(result.out).every((total) => total.n === 320 && total.distinct === 320);
  const verdict = result.signal === 'SIGKILL' ? `HUNG (killed after ${limitMs} ms)` : rowsOk ? 'ok' : 'FAILED';
  if (verdict !== 'ok') failed += 1;
  console.log(
    `run ${run}: ${verdict} in ${result.ms} ms${verdict === 'FAILED' ? `: ${result.err || result.out}` : ''}`,
  );
}
console.log(`${failed} of ${runs} runs hung or failed (stdin: ${stdin})`);
process.exitCode = failed === 0 ? 0 : 1;
