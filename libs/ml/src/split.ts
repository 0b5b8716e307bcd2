import { invalidArgument } from './ml.error.js';
import { SeededRandom } from './random.js';

export interface SplitFractions {
  /** Share of each class held out for validation (early stopping, calibration). */
  validation?: number;
  /** Share of each class held out for the final test. */
  test?: number;
  seed?: number;
}

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * Stratified split: each class is shuffled (seeded) and cut by the same fractions, so every
 * part keeps the class balance. Each class keeps at least one example in `train`.
 * Index lists come back sorted ascending.
 */
export function stratifiedSplit(y: ArrayLike<number>, fractions: SplitFractions): SplitIndices {
  const validationShare = fractions.validation ?? 0;
  const testShare = fractions.test ?? 0;
  for (const [name, share] of [
    ['validation', validationShare],
    ['test', testShare],
  ] as const) {
    if (!(share >= 0 && share < 1)) throw invalidArgument(`${name} fraction must be in [0, 1), got ${share}`);
  }
  if (validationShare + testShare >= 1) throw invalidArgument('validation + test fractions must be below 1');

  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const members = byClass.get(y[i]!) ?? [];
    members.push(i);
    byClass.set(y[i]!, members);
  }
  const random = new SeededRandom(fractions.seed ?? 1);
  const result: SplitIndices = { train: [], validation: [], test: [] };
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = random.shuffle(byClass.get(label)!);
    let testCount = Math.round(members.length * testShare);
    let validationCount = Math.round(members.length * validationShare);
    while (testCount + validationCount > members.length - 1) {
      if (validationCount >= testCount && validationCount > 0) validationCount--;
      else testCount--;
    }
    result.test.push(...members.slice(0, testCount));
    result.validation.push(...members.slice(testCount, testCount + validationCount));
    result.train.push(...members.slice(testCount + validationCount));
  }
  for (const part of [result.train, result.validation, result.test]) part.sort((a, b) => a - b);
  return result;
}
