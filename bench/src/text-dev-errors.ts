// Error analysis of the unseen-text eval on DEV only (never TEST): trains the shop's and the
// first-start models on a kept corpus (TEXT_EVAL_CORPUS, written by text-unseen.eval.ts) and prints
// each DEV review and customer turn either model gets wrong, with what each part of the head said —
// the main model (vector + its blocks), each expert's evidence p(k | x) / p(k | 0) — and the
// other model's answer; then the errors counted by language and true label.
// Usage: TEXT_EVAL_CORPUS=<file> [HEAD_OPTIONS=<json>] [ENCODER_OPTIONS=<json>] \
//   node bench/dist/src/text-dev-errors.js
import {
  genericSeedCorpus,
  headFeatures,
  headProbabilities,
  modelText,
  type TextHead,
} from '@demand/embedder/training';
import { classifierScores, type LabelledText } from '@demand/test-e2e';
import { trainForUnseen, type UnseenModels } from './text-eval/unseen-scores.js';
import { keptCorpusAndDev } from './text-eval/kept-corpus.js';

const { corpus, dev } = keptCorpusAndDev();
// HEAD_OPTIONS=<json>: trainBootstrapModels options for the shop's models (features, experts), to try a change.
// ENCODER_OPTIONS=<json>: the domain encoder's options for both (e.g. {"dictionary":false}).
const tried = JSON.parse(process.env.HEAD_OPTIONS ?? '{}') as Parameters<typeof trainForUnseen>[3];
const encoderOptions = JSON.parse(process.env.ENCODER_OPTIONS ?? '{}') as Parameters<typeof trainForUnseen>[4];
const models = {
  shop: await trainForUnseen(corpus, 'shop', dev, tried, encoderOptions),
  seed: await trainForUnseen(genericSeedCorpus(), 'generic seed', dev, {}, encoderOptions),
};

for (const task of ['sentiment', 'intent'] as const) {
  const texts = task === 'sentiment' ? dev.reviews : dev.turns;
  const tally = new Map<string, { shop: number; seed: number; both: number; n: number }>();
  console.log(`\n== ${task}: DEV errors (true → shop / seed) ==`);
  for (const text of texts) {
    const key = `${text.language} ${text.label}`;
    const row = tally.get(key) ?? { shop: 0, seed: 0, both: 0, n: 0 };
    row.n++;
    const [shopLabel, seedLabel] = [models.shop, models.seed].map((m) => m.classifiers[task](text.text));
    const [shopWrong, seedWrong] = [shopLabel !== text.label, seedLabel !== text.label];
    if (shopWrong) row.shop++;
    if (seedWrong) row.seed++;
    if (shopWrong && seedWrong) row.both++;
    tally.set(key, row);
    if (!shopWrong && !seedWrong) continue;
    console.log(`${text.language} ${text.label} → ${shopLabel} / ${seedLabel} [${text.group}] ${text.text}`);
    console.log(`  shop ${parts(models.shop, task, text)}`);
    console.log(`  seed ${parts(models.seed, task, text)}`);
  }
  console.log(`-- ${task}: errors by language and true label (shop / seed / both of n)`);
  for (const [key, row] of [...tally].sort())
    console.log(`  ${key}: ${row.shop} / ${row.seed} / ${row.both} of ${row.n}`);
}

/** Each part's probabilities (main model, each expert's evidence, the product) as short strings. */
function parts(models: UnseenModels, task: 'sentiment' | 'intent', text: LabelledText): string {
  const head: TextHead = models.heads[task];
  const vector = models.vectorOf(text.text);
  const normalised = modelText(text.text);
  const show = (p: ArrayLike<number>) =>
    head.classNames.map((name, k) => `${name.slice(0, 4)} ${(p[k] as number).toFixed(2)}`).join(' ');
  const main = head.model.predictProba(headFeatures(head.features, vector, normalised));
  const experts = (head.experts ?? []).map((expert) => {
    const row = headFeatures(expert.features, vector, normalised);
    const on = expert.model.predictProba(row);
    const off = expert.model.predictProba(new Float32Array(row.length));
    const evidence = Array.from(on, (p, k) => p / (off[k] as number));
    return `| ${expert.features} evidence ${show(evidence)}`;
  });
  return `main ${show(main)} ${experts.join(' ')} | product ${show(headProbabilities(head, vector, normalised))}`;
}

// Could the first-start and the shop's heads be combined? DEV accuracy / macro-F1 of a few fixed rules
// over their probabilities (weighted geometric and arithmetic means), each language apart.
for (const task of ['sentiment', 'intent'] as const) {
  const texts = task === 'sentiment' ? dev.reviews : dev.turns;
  const names = models.shop.heads[task].classNames;
  const both = new Map(texts.map((text) => [text.text, bothProbabilities(task, text.text, names)] as const));
  const rules: Record<string, (s: Float64Array, q: Float64Array) => number[]> = {};
  for (const w of [0, 0.25, 0.5, 0.75, 1]) {
    rules[`geometric seed^${w}`] = (s, q) => Array.from(s, (p, k) => Math.log(p) + w * Math.log(q[k] as number));
    rules[`arithmetic seed ${w}`] = (s, q) => Array.from(s, (p, k) => (1 - w / 2) * p + (w / 2) * (q[k] as number));
  }
  for (const [rule, combine] of Object.entries(rules)) {
    const scores = classifierScores(texts, (text) => {
      const { shop, seed } = both.get(text)!;
      const combined = combine(shop, seed);
      return names[combined.indexOf(Math.max(...combined))] as string;
    });
    const f = (n: number) => n.toFixed(3);
    console.log(
      `${task} DEV ${rule}: acc ${f(scores.accuracy)} (zh ${f(scores.zh)}, en ${f(scores.en)}) F1 ${f(scores.macroF1)}`,
    );
  }
}

/** Both models' class probabilities for one text, the seed's in the order of the shop's class `names`. */
function bothProbabilities(task: 'sentiment' | 'intent', text: string, names: readonly string[]) {
  const probabilities = (m: UnseenModels) => headProbabilities(m.heads[task], m.vectorOf(text), modelText(text));
  const seedNames = models.seed.heads[task].classNames;
  const seed = probabilities(models.seed);
  return {
    shop: probabilities(models.shop),
    seed: Float64Array.from(names, (name) => {
      const k = seedNames.indexOf(name);
      if (k < 0) throw new Error(`the first-start ${task} head has no class ${name}`);
      return seed[k] as number;
    }),
  };
}
