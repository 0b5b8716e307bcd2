// The shop's labelled texts as TF-IDF + logistic regression sees them, and that baseline fitted on them.
import { sentimentFromRating, type TrainingCorpus } from '@demand/embedder/training';
import { tfidfLogisticRegression } from '@demand/test-e2e';

/** Reviews labelled by their sentiment (or their stars) and the customer turns that carry an intent. */
export function shopExamples(corpus: TrainingCorpus) {
  return {
    sentiment: corpus.reviews.map((r) => ({ text: r.text, label: r.sentiment ?? sentimentFromRating(r.rating) })),
    intent: corpus.dialogTurns.flatMap((t) => (t.intent ? [{ text: t.text, label: t.intent }] : [])),
  };
}

/** TF-IDF + logistic regression fitted on the shop's labelled texts, one classifier per head. */
export function tfidfBaselines(corpus: TrainingCorpus) {
  const examples = shopExamples(corpus);
  return {
    sentiment: tfidfLogisticRegression(examples.sentiment),
    intent: tfidfLogisticRegression(examples.intent),
  };
}
