/** Prints one benchmark figure in the platform's format. */
export function printBench(name: string, value: number, unit: string, baseline: number): void {
  const ratio = baseline > 0 ? value / baseline : 0;
  console.log(`BENCH ${name} value=${round(value)} unit=${unit} baseline=${round(baseline)} ratio=${ratio.toFixed(3)}`);
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3);
}

/** Progress on stderr, so stdout carries only the figures. */
export function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Prints one offline-evaluation figure beside its baseline. */
export function printEval(name: string, metric: string, value: number, baseline: number): void {
  console.log(`EVAL ${name} metric=${metric} value=${value.toFixed(4)} baseline=${baseline.toFixed(4)}`);
}
