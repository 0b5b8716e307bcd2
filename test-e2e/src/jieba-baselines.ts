// The strong simple baselines of the unseen-text eval and e2e test: TF-IDF over jieba tokens with logistic
// regression for the classifiers, shared jieba tokens for search.
import { SoftmaxRegression } from '@demand/ml';
import { createTokenizer } from '@demand/text';

/** jieba for Chinese, word rules for the rest; stopwords kept (不, not, … carry sentiment). */
const tokenizer = createTokenizer({ stopwords: new Set() });
const tokens = (text: string): string[] => tokenizer.tokenize(text);

/** Fits TF-IDF (tokens in at least two texts) + softmax regression; returns the classifier. */
export function tfidfLogisticRegression(train: readonly { text: string; label: string }[]): (text: string) => string {
  const docs = train.map((example) => tokens(example.text));
  const df = new Map<string, number>();
  for (const doc of docs) for (const token of new Set(doc)) df.set(token, (df.get(token) ?? 0) + 1);
  const vocabulary = new Map(
    [...df.entries()]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 8000)
      .map(([token], i) => [token, i]),
  );
  const idf = new Float32Array(vocabulary.size);
  for (const [token, i] of vocabulary) idf[i] = Math.log((1 + docs.length) / (1 + (df.get(token) ?? 0))) + 1;
  const vectorize = (doc: readonly string[]): Float32Array => {
    const row = new Float32Array(vocabulary.size);
    for (const token of doc) {
      const i = vocabulary.get(token);
      if (i !== undefined) row[i] = (row[i] as number) + (idf[i] as number);
    }
    const norm = Math.hypot(...row);
    if (norm > 0) for (let i = 0; i < row.length; i++) row[i] = (row[i] as number) / norm;
    return row;
  };
  const classNames = [...new Set(train.map((example) => example.label))].sort();
  const model = SoftmaxRegression.fit(
    docs.map(vectorize),
    train.map((example) => classNames.indexOf(example.label)),
    { numClasses: classNames.length, classNames, classWeights: 'balanced', l2: 1e-4, maxEpochs: 60, seed: 7 },
  );
  return (text) => {
    const probabilities = model.predictProba(vectorize(tokens(text)));
    let best = 0;
    for (let k = 1; k < probabilities.length; k++)
      if ((probabilities[k] as number) > (probabilities[best] as number)) best = k;
    return classNames[best] as string;
  };
}

/** Ranks documents by how many distinct jieba tokens they share with the query (ties in catalog order). */
export function wordOverlapSearch(documents: readonly string[]): (query: string, k: number) => number[] {
  const indexed = documents.map((document) => new Set(tokens(document)));
  return (query, k) => {
    const terms = [...new Set(tokens(query))];
    return indexed
      .map((document, index) => ({ index, score: terms.filter((term) => document.has(term)).length }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, k)
      .map((entry) => entry.index);
  };
}
