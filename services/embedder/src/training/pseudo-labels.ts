import { argmax, SeededRandom } from '@demand/ml';

/** Fits on some examples (indices, with these labels) and gives class probabilities for others. */
export type FitAndPredict = (fitOn: number[], labels: readonly number[], predictOn: number[]) => Float64Array[];

/**
 * Self-training on weak labels (a review's stars): the training share is cut into `folds` and each weak example
 * is predicted by a model fitted on the other folds, so no model judges a text it learnt from; where that
 * prediction gives another class at least `confidence`, the example takes it as its pseudo-label. Examples with
 * strong labels (an operator's) and examples outside `train` keep theirs.
 */
export function pseudoLabels(
  y: readonly number[],
  train: readonly number[],
  weak: readonly boolean[],
  options: { confidence: number; seed: number; folds?: number },
  fitAndPredict: FitAndPredict,
): { labels: number[]; changed: number } {
  const folds = options.folds ?? 2;
  const order = new SeededRandom(options.seed + 101).shuffle([...train]);
  const labels = [...y];
  let changed = 0;
  for (let fold = 0; fold < folds; fold++) {
    const held = order.filter((_, i) => i % folds === fold).filter((i) => weak[i]);
    const fitOn = order.filter((_, i) => i % folds !== fold);
    if (held.length === 0 || fitOn.length === 0) continue;
    fitAndPredict(fitOn, y, held).forEach((probabilities, j) => {
      const best = argmax(probabilities);
      const i = held[j] as number;
      if (best !== y[i] && (probabilities[best] as number) >= options.confidence) {
        labels[i] = best;
        changed++;
      }
    });
  }
  return { labels, changed };
}
