// Which DEV texts the served heads get wrong, by class of text (DEV only, never TEST): trains the shop's encoder once
// on a kept corpus (TEXT_EVAL_CORPUS, written by text-unseen.eval.ts), retrains both heads as the service does for
// each seed of the shop's training / validation / holdout split, and counts each DEV review's and customer turn's
// errors by language, length, negation (a lexicon term in a negator's scope; any negator word; both by language),
// contrast, mixed polarity, mixed intent terms, unknown tokens, word pieces and tokens no text of the corpus holds
// (by language), clause count and phrasing group, beside TF-IDF + logistic regression fitted on the same corpus in
// the same run.
// Usage: TEXT_EVAL_CORPUS=<file> [SPLIT_SEEDS=1,2,3] node bench/dist/src/text-dev-error-classes.js
import { BertTokenizer } from '@demand/bert-tokenizer';
import {
  countSentimentTerms,
  decodeHeadArtifact,
  intentLexiconFeatures,
  modelText,
  predict,
  trainBootstrapModels,
} from '@demand/embedder/training';
import type { LabelledText } from '@demand/test-e2e';
import { devEncoder } from './text-eval/dev-encoder.js';
import { keptCorpusAndDev } from './text-eval/kept-corpus.js';
import { openQuietly } from './text-eval/quiet-encoder.js';
import { tfidfBaselines } from './text-eval/shop-examples.js';
import { splitSeeds } from './text-eval/split-seeds.js';

const { corpus, dev } = keptCorpusAndDev();
const seeds = splitSeeds(process.env.SPLIT_SEEDS ?? '1,2,3,4,5,6,7,8');

const { files, vectors } = await devEncoder(corpus, dev, seeds[0] ?? 7);
const tokenizer = BertTokenizer.fromTokenizerJson(files.tokenizerJson);
const UNKNOWN = (files.tokenizerJson as { model?: { unk_token?: string } }).model?.unk_token ?? '[UNK]';
const baseline = tfidfBaselines(corpus);
// Tokens some text of the corpus holds: the others have no context of the shop's (at most a dictionary gloss's).
const written = new Set(
  [
    ...corpus.items,
    ...corpus.queries.flatMap((query) => [query.text, ...(query.clickedItems ?? [])]),
    ...[...corpus.reviews, ...corpus.dialogTurns].map((text) => text.text),
  ].flatMap((text) => tokenizer.tokenize(modelText(text))),
);
/** A share of a text's tokens, in three bands. */
const band = (part: number, whole: number) => (part === 0 ? 'none' : part * 2 < whole ? 'under half' : 'half or more');
// A negator word outside the positive idioms that hold one (无可挑剔 "flawless", 没得挑 "nothing to fault").
const NEGATOR_ZH = /不|没(?!得挑)|无(?!可)|未/;
const NEGATOR_EN = /\b(not|no|never|nothing|neither|nor)\b|n't/;

/** The classes a DEV text falls in, read from its text alone (the group is the split's phrasing key). */
function classesOf(text: LabelledText): Record<string, string> {
  const normalised = modelText(text.text);
  const tokens = tokenizer.tokenize(normalised);
  const counts = countSentimentTerms(normalised);
  const intents = intentLexiconFeatures(normalised).filter((v: number) => v > 0).length;
  const positive = counts.positive + counts.negatedNegative > 0;
  const negative = counts.negative + counts.negatedPositive > 0;
  const negated = counts.negatedPositive + counts.negatedNegative > 0;
  const negator = NEGATOR_ZH.test(normalised) || NEGATOR_EN.test(normalised);
  return {
    language: text.language,
    length: tokens.length <= 8 ? '≤ 8 tokens' : tokens.length <= 16 ? '9–16 tokens' : '> 16 tokens',
    'negated lexicon term': `${text.language} ${negated ? 'negated term' : 'none'}`,
    'negator word': `${text.language} ${negator ? 'negator' : 'none'}`,
    contrast: counts.contrast > 0 ? 'contrast marker' : 'none',
    polarity: positive && negative ? 'both' : positive ? 'positive terms' : negative ? 'negative terms' : 'no terms',
    'intent terms': intents === 0 ? 'none' : intents === 1 ? 'one intent' : 'several intents',
    unknown: tokens.includes(UNKNOWN) ? 'has [UNK]' : 'none',
    'word pieces': `${text.language} ${band(tokens.filter((token) => token.startsWith('##')).length, tokens.length)}`,
    'tokens no corpus text holds': `${text.language} ${band(
      tokens.filter((token) => !written.has(token)).length,
      tokens.length,
    )}`,
    clauses: `${normalised.split(/[，,。.!！?？]/).filter((part) => part.trim() !== '').length} clause(s)`,
    group: `${text.label} ${text.group}`,
  };
}

type Tally = Map<string, Map<string, { n: number; errors: number[]; baselineErrors: number }>>;
const f = (n: number) => n.toFixed(3);
for (const task of ['sentiment', 'intent'] as const) {
  const texts = task === 'sentiment' ? dev.reviews : dev.turns;
  const classes = texts.map(classesOf);
  const tally: Tally = new Map();
  const confusions = new Map<string, number>();
  classes.forEach((cls, i) => {
    const text = texts[i]!;
    const wrong = baseline[task](text.text) !== text.label;
    for (const [dimension, value] of Object.entries(cls)) {
      const row = tally.get(dimension) ?? new Map();
      const cell = row.get(value) ?? { n: 0, errors: seeds.map(() => 0), baselineErrors: 0 };
      cell.n++;
      cell.baselineErrors += Number(wrong);
      row.set(value, cell);
      tally.set(dimension, row);
    }
  });
  for (const [s, seed] of seeds.entries()) {
    const heads = await trainBootstrapModels(corpus, { files }, openQuietly, { seed });
    const head = decodeHeadArtifact(heads[task].artifact, task, `seed ${seed}`);
    texts.forEach((text, i) => {
      const normalised = modelText(text.text);
      const label = predict(head, vectors.get(normalised)!, normalised).label;
      if (label === text.label) return;
      const pair = `${text.language} ${text.label} → ${label}`;
      confusions.set(pair, (confusions.get(pair) ?? 0) + 1);
      for (const [dimension, value] of Object.entries(classes[i]!)) tally.get(dimension)!.get(value)!.errors[s]!++;
    });
  }
  const totalErrors = [...tally.get('language')!.values()].reduce(
    (sum, c) => sum + c.errors.reduce((a, b) => a + b),
    0,
  );
  console.log(
    `\n== ${task}: DEV errors over split seeds ${seeds.join(',')} (${texts.length} texts, ${totalErrors} errors) ==`,
  );
  console.log('class: n, error rate mean (min–max over seeds), share of all errors | TF-IDF+LR error rate');
  for (const [dimension, row] of tally) {
    const cells = [...row].sort((a, b) => sum(b[1].errors) - sum(a[1].errors));
    const shown = dimension === 'group' ? cells.filter(([, c]) => sum(c.errors) > 0) : cells;
    console.log(`-- ${dimension}${dimension === 'group' ? ' (groups with errors)' : ''}`);
    for (const [value, c] of shown) {
      const rates = c.errors.map((e) => e / c.n);
      const range = `${f(Math.min(...rates))}–${f(Math.max(...rates))}`;
      console.log(
        `  ${value}: n ${c.n}, ${f(sum(rates) / rates.length)} (${range}), ` +
          `${f(sum(c.errors) / Math.max(1, totalErrors))} | ${f(c.baselineErrors / c.n)}`,
      );
    }
  }
  console.log('-- confusions (summed over seeds)');
  for (const [pair, n] of [...confusions].sort((a, b) => b[1] - a[1])) console.log(`  ${pair}: ${n}`);
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
