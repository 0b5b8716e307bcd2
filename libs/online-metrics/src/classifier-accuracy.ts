/** Stars to the sentiment they stand for: 1–2 negative, 3 neutral, 4–5 positive (as the embedder's corpus labels them). */
export function sentimentOfStars(rating: number): 'negative' | 'neutral' | 'positive' {
  if (rating <= 2) return 'negative';
  return rating === 3 ? 'neutral' : 'positive';
}

export interface ClassificationScores {
  count: number;
  accuracy: number;
  /** Mean F1 over every label seen as truth or prediction (a label never predicted right scores 0). */
  macroF1: number;
}

/** Accuracy and macro-F1 of predicted labels against true ones; NaN for both when there are none. */
export function classificationScores(pairs: readonly { truth: string; predicted: string }[]): ClassificationScores {
  if (pairs.length === 0) return { count: 0, accuracy: Number.NaN, macroF1: Number.NaN };
  const labels = [...new Set(pairs.flatMap((p) => [p.truth, p.predicted]))];
  const f1s = labels.map((label) => {
    const truePositive = pairs.filter((p) => p.truth === label && p.predicted === label).length;
    const predicted = pairs.filter((p) => p.predicted === label).length;
    const actual = pairs.filter((p) => p.truth === label).length;
    return truePositive === 0 ? 0 : (2 * truePositive) / (predicted + actual);
  });
  return {
    count: pairs.length,
    accuracy: pairs.filter((p) => p.truth === p.predicted).length / pairs.length,
    macroF1: f1s.reduce((sum, f) => sum + f, 0) / labels.length,
  };
}
