// What the unseen-text eval can be sure of before it scores anything: which labels reach training
// (and in what mix) beside the held-out texts' labels, how many held-out words training never
// saw, and where each classifier's errors go.
import { createTokenizer } from '@demand/text';
import { progress } from '../report.js';
import type { LabelledText } from '@demand/test-e2e';

const tokenizer = createTokenizer({ stopwords: new Set() });

/** Count of each label, sorted by label. */
export function labelMix(labels: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of [...labels].sort()) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Share of the held-out texts' word tokens (jieba for Chinese) that no training text contains. */
export function unseenTokenShare(training: readonly string[], heldOut: readonly LabelledText[]) {
  const known = new Set(training.flatMap((text) => tokenizer.tokenize(text)));
  const share = (language?: string) => {
    const tokens = heldOut
      .filter((text) => language === undefined || text.language === language)
      .flatMap((text) => tokenizer.tokenize(text.text));
    return tokens.length === 0 ? 0 : tokens.filter((token) => !known.has(token)).length / tokens.length;
  };
  return { all: share(), zh: share('zh'), en: share('en') };
}

/** Rows: true label; columns: predicted label (both in sorted label order). */
export function confusionTable(examples: readonly LabelledText[], classify: (text: string) => string): string {
  const labels = [...new Set(examples.map((example) => example.label))].sort();
  const rows = labels.map((truth) => {
    const predicted = examples.filter((example) => example.label === truth).map((example) => classify(example.text));
    return `${truth}: ${labels.map((label) => predicted.filter((p) => p === label).length).join(' ')}`;
  });
  return `[${labels.join(' ')}] ${rows.join('; ')}`;
}

/** Prints the mix, the unseen-token shares and the confusion tables of one task. */
export function reportShift(
  task: string,
  training: readonly { text: string; label: string }[],
  heldOut: readonly LabelledText[],
  classifiers: Record<string, (text: string) => string>,
): void {
  const shares = unseenTokenShare(
    training.map((example) => example.text),
    heldOut,
  );
  progress(
    `${task}: training labels ${JSON.stringify(labelMix(training.map((example) => example.label)))}, ` +
      `held-out labels ${JSON.stringify(labelMix(heldOut.map((example) => example.label)))}; held-out tokens ` +
      `no training text has: ${shares.all.toFixed(3)} (zh ${shares.zh.toFixed(3)}, en ${shares.en.toFixed(3)})`,
  );
  for (const [name, classify] of Object.entries(classifiers))
    progress(`${task} confusion (${name}): ${confusionTable(heldOut, classify)}`);
}
