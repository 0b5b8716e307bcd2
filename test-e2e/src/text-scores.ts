// Scores of text models and baselines on labelled held-out texts (shared by the unseen-text eval and e2e test).
import { accuracy, confusionMatrix, macroF1 } from '@demand/ml';
import type { CategoryQuery, LabelledText } from './unseen-texts.js';

/** Accuracy and macro-F1 over the examples' classes (a label outside them counts as wrong), accuracy per language. */
export function classifierScores(examples: readonly LabelledText[], classify: (text: string) => string) {
  const predicted = examples.map((example) => classify(example.text));
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const index = (label: string) => {
    const i = classes.indexOf(label);
    return i < 0 ? classes.length : i;
  };
  const yTrue = examples.map((e) => index(e.label));
  const yPred = predicted.map(index);
  const confusion = confusionMatrix(yTrue, yPred, classes.length + 1).slice(0, classes.length);
  const byLanguage = (language: string) => {
    const picked = examples.flatMap((e, i) => (e.language === language ? [i] : []));
    return picked.filter((i) => predicted[i] === examples[i]!.label).length / picked.length;
  };
  return { accuracy: accuracy(yTrue, yPred), macroF1: macroF1(confusion), zh: byLanguage('zh'), en: byLanguage('en') };
}

/**
 * Mean share of each query's top 10 in the leaf category it wants, overall and per language;
 * `topLeaves` gives the leaf categories of a query's top-ranked items.
 */
export function leafPrecision(
  queries: readonly CategoryQuery[],
  topLeaves: (query: string, index: number) => readonly string[],
) {
  const precision = queries.map(
    (query, q) =>
      topLeaves(query.text, q)
        .slice(0, 10)
        .filter((leaf) => leaf === query.leaf).length / 10,
  );
  const mean = (language?: string) => {
    const picked = precision.filter((_, q) => language === undefined || queries[q]!.language === language);
    return picked.reduce((a, b) => a + b, 0) / picked.length;
  };
  return { all: mean(), zh: mean('zh'), en: mean('en') };
}
