// Runs the concurrent store workload (dist/test/stdin-workload.js) again and again in a child
// process whose standard input is an open pipe nobody writes to (`pipe`), an open pipe holding
// one JSON row and never closed (`data`), /dev/null (`null`) or this process's own (`inherit`),
// and reports the runs that hung (killed after the limit), failed, or stored other rows than
// the workload's own. Build first (tsc -b).
// Usage: node libs/analytics-store/scripts/stdin-repro.mjs [runs=50] [limitMs=30000] [stdin=pipe]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const worker = fileURLToPath(new URL('../dist/test/stdin-workload.js', import.meta.url));
const runs = Number(process.argv[2] ?? 50);
const limitMs = Number(process.argv[3] ?? 30_000);
const stdin = process.argv[4] ?? 'pipe';

function runOnce() {
  return new Promise((resolve) => {
    const started = Date.now();
    const fd0 = stdin === 'null' ? 'ignore' : stdin === 'data' ? 'pipe' : stdin;
    const child = spawn(process.execPath, [worker], { stdio: [fd0, 'pipe', 'pipe'] });
    if (stdin === 'data') child.stdin.write('{"service":"intruder","seq":1,"payload":"from stdin"}\n');
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
  const totals = result.code === 0 ? JSON.parse(result.out).totals : [];
  const rowsOk = totals.length === 6 && totals.every((total) => total.n === 320 && total.distinct === 320);
  const verdict = result.signal === 'SIGKILL' ? `HUNG (killed after ${limitMs} ms)` : rowsOk ? 'ok' : 'FAILED';
  if (verdict !== 'ok') failed += 1;
  console.log(
    `run ${run}: ${verdict} in ${result.ms} ms${verdict === 'FAILED' ? `: ${result.err || result.out}` : ''}`,
  );
}
console.log(`${failed} of ${runs} runs hung or failed (stdin: ${stdin})`);
process.exitCode = failed === 0 ? 0 : 1;
