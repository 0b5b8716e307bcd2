/** Prints one benchmark figure in the platform's format. */
export function printBench(name: string, value: number, unit: string, baseline: number): void {
  const ratio = baseline > 0 ? value / baseline : 0;
  console.log(`BENCH ${name} value=${round(value)} unit=${unit} baseline=${round(baseline)} ratio=${ratio.toFixed(3)}`);
}

/** Fixed decimals; a value that rounds to zero prints without a sign (0.000, not -0.000). */
function round(n: number): string {
  const text = Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3);
  return Number(text) === 0 ? text.replace('-', '') : text;
}

/** Progress on stderr, so stdout carries only the figures. */
export function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Prints one quality figure (a model's metric beside its baseline's) in the platform's format. */
export function printEval(name: string, metric: string, value: number, baseline: number): void {
  console.log(`EVAL ${name} metric=${metric} value=${round(value)} baseline=${round(baseline)}`);
}

/** The middle value (the upper of the two middles for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/**
 * The order to measure `count` variants in over `rounds` rounds: each round all of them in turn, the order
 * reversed every other round so that none is always first (or last); [round, variant index] pairs.
 */
export function alternateOrder(rounds: number, count: number): [number, number][] {
  return Array.from({ length: rounds }, (_, round) => {
    const order = Array.from({ length: count }, (_, i) => i);
    return (round % 2 ? order.reverse() : order).map((i): [number, number] => [round, i]);
  }).flat();
}

/** `measure` of each variant, `rounds` rounds in `alternateOrder`; each variant's results in round order. */
export async function alternately<V, R>(
  rounds: number,
  variants: readonly V[],
  measure: (variant: V, round: number) => Promise<R>,
): Promise<R[][]> {
  const results = variants.map((): R[] => []);
  for (const [round, i] of alternateOrder(rounds, variants.length))
    results[i]!.push(await measure(variants[i]!, round));
  return results;
}

/** User + system time of a `process.cpuUsage` or `process.threadCpuUsage` reading, µs. */
export const microseconds = (u: NodeJS.CpuUsage) => u.user + u.system;

/** The CPU the calling thread has used so far, µs. */
export const threadCpuNow = () => microseconds(process.threadCpuUsage());

/** Starts a CPU clock of this process (all threads); the returned function reads the µs used since. */
export function cpuMicros(): () => number {
  const start = process.cpuUsage();
  return () => microseconds(process.cpuUsage(start));
}

/** Starts a CPU clock of the calling thread only; the returned function reads the µs it used since. */
export function threadCpuMicros(): () => number {
  const start = threadCpuNow();
  return () => threadCpuNow() - start;
}
