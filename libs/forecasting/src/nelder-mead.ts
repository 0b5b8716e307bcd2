/** Derivative-free minimiser (Nelder & Mead 1965, the defaults of R's optim). */
export interface NelderMeadOptions {
  maxIterations?: number;
  /** Relative tolerance on the spread of function values in the simplex (optim's reltol). */
  tolerance?: number;
  /** Initial step per coordinate; default 10 % of the value or 0.05. */
  step?: readonly number[];
}

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200 * n;
  const tolerance = options.tolerance ?? 1e-8;
  const simplex: number[][] = [[...start]];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    p[i] = p[i]! + (options.step?.[i] ?? (p[i] !== 0 ? 0.1 * Math.abs(p[i]!) : 0.05));
    simplex.push(p);
  }
  const values = simplex.map((p) => safe(f(p)));
  let iterations = 0;
  const order = simplex.map((_, i) => i);
  while (iterations < maxIterations) {
    order.sort((a, b) => values[a]! - values[b]!);
    const best = order[0]!;
    const worst = order[n]!;
    const second = order[n - 1]!;
    const fBest = values[best]!;
    const fWorst = values[worst]!;
    if (Math.abs(fWorst - fBest) <= tolerance * (Math.abs(fBest) + tolerance)) break;
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (const i of order.slice(0, n)) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[worst]![j]! - c));
    const reflected = along(-1);
    const fReflected = safe(f(reflected));
    if (fReflected < fBest) {
      const expanded = along(-2);
      const fExpanded = safe(f(expanded));
      if (fExpanded < fReflected) replace(worst, expanded, fExpanded);
      else replace(worst, reflected, fReflected);
    } else if (fReflected < values[second]!) {
      replace(worst, reflected, fReflected);
    } else {
      const contracted = fReflected < fWorst ? along(-0.5) : along(0.5);
      const fContracted = safe(f(contracted));
      if (fContracted < Math.min(fReflected, fWorst)) replace(worst, contracted, fContracted);
      else {
        for (const i of order.slice(1)) {
          simplex[i] = simplex[i]!.map((v, j) => simplex[best]![j]! + 0.5 * (v - simplex[best]![j]!));
          values[i] = safe(f(simplex[i]!));
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { x: simplex[bestIndex]!, value: values[bestIndex]!, iterations };

  function replace(i: number, p: number[], v: number): void {
    simplex[i] = p;
    values[i] = v;
  }
}

function safe(v: number): number {
  return Number.isFinite(v) ? v : Number.MAX_VALUE;
}
