// Head options compared on DEV only (never TEST), over several seeds of the shop's training / validation /
// holdout split: trains the shop's encoder once on a kept corpus (TEXT_EVAL_CORPUS, written by
// text-unseen.eval.ts), then for each tried option set and each split seed retrains both heads on that encoder
// as the service does and prints DEV sentiment accuracy / macro-F1 and intent macro-F1, then each option
// set's mean ± standard deviation (min–max) over the seeds and its paired difference from the first set, beside
// TF-IDF + logistic regression fitted on the same corpus in the same run. With `members` above one (a committee,
// never served) a DEV answer is the mean of the members' probabilities; the holdout figures are the first
// member's (the head trainHead reports).
// ENCODERS names encoder options to try (each encoder trained once, every head try run on each, rows named
// `encoder/try`; default the service's encoder alone, rows named by try).
// Usage: TEXT_EVAL_CORPUS=<file> SWEEP='{"name": <trainBootstrapModels options>, …}' [SPLIT_SEEDS=1,2,3] \
//   [ENCODERS='{"name": <DomainEncoderOptions>, …}'] node bench/dist/src/text-dev-sweep.js
import {
  type DomainEncoderOptions,
  decodeHeadArtifact,
  domainEncoderOptions,
  headProbabilities,
  modelText,
  trainBootstrapModels,
  type TrainedHeadArtifact,
} from '@demand/embedder/training';
import { argmax, clusterBootstrapSpread } from '@demand/ml';
import { classifierScores } from '@demand/test-e2e';
import { progress } from './report.js';
import { labelAndLanguage } from './text-eval/dev-test-split.js';
import { keptCorpusAndDev } from './text-eval/kept-corpus.js';
import { devEncoder } from './text-eval/dev-encoder.js';
import { openQuietly } from './text-eval/quiet-encoder.js';
import { tfidfBaselines } from './text-eval/shop-examples.js';
import { splitSeeds } from './text-eval/split-seeds.js';

const { corpus, dev } = keptCorpusAndDev();
// `priorPower` (DEV only, never served): each class's probability times its share of the shop's labelled
// examples to that power before the argmax, undoing part of the balanced class weights' lift of rare classes.
type Options = NonNullable<Parameters<typeof trainBootstrapModels>[3]> & {
  priorPower?: Partial<Record<'sentiment' | 'intent', number>>;
};
const tries = JSON.parse(process.env.SWEEP ?? '{"now": {}}') as Record<string, Options>;
const seeds = splitSeeds(process.env.SPLIT_SEEDS ?? '7');
const encoderTries = process.env.ENCODERS
  ? (JSON.parse(process.env.ENCODERS) as Record<string, Partial<DomainEncoderOptions>>)
  : undefined;
// Every try checked before the first is trained (minutes each): a misspelt option fails at once.
for (const options of Object.values(encoderTries ?? {})) domainEncoderOptions(options);
const encoders = [];
for (const [name, options] of Object.entries(encoderTries ?? { '': {} })) {
  const started = performance.now();
  encoders.push({ name, ...(await devEncoder(corpus, dev, seeds[0] ?? 7, options)) });
  progress(`encoder ${name || 'served'}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const f = (n: number) => n.toFixed(3);
const baselines = tfidfBaselines(corpus);
const baseline = {
  sentiment: classifierScores(dev.reviews, baselines.sentiment),
  intent: classifierScores(dev.turns, baselines.intent),
};
progress(
  `TF-IDF + LR baseline (same corpus, this run): DEV sentiment acc ${f(baseline.sentiment.accuracy)} ` +
    `F1 ${f(baseline.sentiment.macroF1)}; intent F1 ${f(baseline.intent.macroF1)}`,
);
const results = new Map<string, { sentiment: number[]; f1: number[]; intent: number[] }>();
for (const seed of seeds)
  for (const { name: encoder, files, vectors } of encoders)
    for (const [head, { priorPower, ...options }] of Object.entries(tries)) {
      const name = encoder ? `${encoder}/${head}` : head;
      const started = performance.now();
      const heads = await trainBootstrapModels(corpus, { files }, openQuietly, { ...options, seed });
      const labels = {
        sentiment: committeeLabel(heads.sentiment, 'sentiment', name, vectors, priorPower?.sentiment),
        intent: committeeLabel(heads.intent, 'intent', name, vectors, priorPower?.intent),
      };
      const sentiment = classifierScores(dev.reviews, labels.sentiment);
      const intent = classifierScores(dev.turns, labels.intent);
      // How far DEV's accuracy could move with other phrasing groups (errors come in whole groups), drawn as
      // the DEV / TEST split draws them: within each label in each language.
      const spread = (texts: typeof dev.reviews, label: (text: string) => string) => {
        const { groups, standardDeviation } = clusterBootstrapSpread(
          texts.map((t) => label(t.text) === t.label),
          texts.map((t) => t.group),
          { strata: texts.map(labelAndLanguage) },
        );
        return `± ${f(standardDeviation)} over ${groups} groups`;
      };
      const row = results.get(name) ?? { sentiment: [], f1: [], intent: [] };
      row.sentiment.push(sentiment.accuracy);
      row.f1.push(sentiment.macroF1);
      row.intent.push(intent.macroF1);
      results.set(name, row);
      const holdout = { sentiment: heads.sentiment.report.test.accuracy, intent: heads.intent.report.test.macroF1 };
      progress(
        `seed ${seed} ${name}: DEV sentiment acc ${f(sentiment.accuracy)} ` +
          `(zh ${f(sentiment.zh)}, en ${f(sentiment.en)}; ${spread(dev.reviews, labels.sentiment)}) ` +
          `F1 ${f(sentiment.macroF1)}; intent F1 ${f(intent.macroF1)} (zh acc ${f(intent.zh)}, en ${f(intent.en)}; ` +
          `acc ${f(intent.accuracy)} ${spread(dev.turns, labels.intent)}); ` +
          `holdout sentiment ${f(holdout.sentiment)} intent F1 ${f(holdout.intent)}; ` +
          `heads ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }

/** The label of the highest mean probability over a head's members (the head alone with one member). */
function committeeLabel(
  trained: TrainedHeadArtifact,
  task: 'sentiment' | 'intent',
  name: string,
  vectors: Map<string, Float32Array>,
  power = 0,
) {
  const members = [trained.artifact, ...(trained.otherMembers ?? [])].map((a) => decodeHeadArtifact(a, task, name));
  const counts = members[0]!.classNames.map((label) => trained.report.classCounts[label] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const prior = counts.map((n) => (Math.max(n, 1) / total) ** power);
  return (raw: string) => {
    const text = modelText(raw);
    const vector = vectors.get(text)!;
    const mean = headProbabilities(members[0]!, vector, text);
    for (const member of members.slice(1))
      headProbabilities(member, vector, text).forEach((p, k) => (mean[k] = mean[k]! + p));
    for (let k = 0; k < mean.length; k++) mean[k] = (mean[k]! / members.length) * prior[k]!;
    return members[0]!.classNames[argmax(mean)]!;
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) =>
  Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)) * (xs.length / Math.max(1, xs.length - 1)));
const summary = (xs: number[]) => `${f(mean(xs))} ± ${f(sd(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const [reference] = results.values();
const paired = (xs: number[], ys: number[] | undefined) => {
  const d = xs.map((x, i) => x - (ys?.[i] ?? NaN));
  return `${f(mean(d))} ± ${f(sd(d))}, ${d.filter((x) => x > 0).length} up / ${d.filter((x) => x < 0).length} down`;
};
for (const [name, row] of results)
  progress(
    `${name} over seeds ${seeds.join(',')}: DEV sentiment acc ${summary(row.sentiment)} F1 ${summary(row.f1)}; ` +
      `intent F1 ${summary(row.intent)}; paired with the first: ` +
      `sentiment acc ${paired(row.sentiment, reference?.sentiment)}, ` +
      `intent F1 ${paired(row.intent, reference?.intent)}`,
  );
