/** Accuracy and macro-F1 over label names (a champion may know labels the challenger does not). */
export function scoreLabels(
  truth: readonly string[],
  predicted: readonly string[],
): { accuracy: number; macroF1: number } {
  if (truth.length !== predicted.length)
    throw new RangeError(`${truth.length} labels but ${predicted.length} predictions`);
  if (truth.length === 0) return { accuracy: NaN, macroF1: NaN };
  const classes = [...new Set(truth)];
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  const f1s = classes.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const isTruth = truth[i] === label;
      const isPredicted = predicted[i] === label;
      if (isTruth && isPredicted) tp++;
      else if (isPredicted) fp++;
      else if (isTruth) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return { accuracy: correct / truth.length, macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length };
}

/** The share of tokens the tokenizer could only read as unknown, per text kind. */
export function unknownTokenShare(
  texts: Record<string, readonly string[]>,
  tokenize: (text: string) => readonly string[],
  unknownToken: string,
): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const [kind, list] of Object.entries(texts)) {
    let tokens = 0;
    let unknown = 0;
    for (const text of list) {
      for (const token of tokenize(text)) {
        tokens++;
        if (token === unknownToken) unknown++;
      }
    }
    if (tokens > 0) shares[kind] = unknown / tokens;
  }
  return shares;
}
