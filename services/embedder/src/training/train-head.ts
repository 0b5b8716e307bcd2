import {
  MajorityClassClassifier,
  SoftmaxRegression,
  evaluateClassifier,
  pick,
  reportFromProbabilities,
  SeededRandom,
  stratifiedSplit,
  type ClassificationReport,
  type SplitIndices,
} from '@demand/ml';
import { headFeatures, type FeatureSet } from '../domain/head-features.js';
import { headProbabilities } from '../domain/text-heads.js';

export interface LabelledText {
  text: string;
  label: string;
}

export interface HeadTrainingOptions {
  features: FeatureSet;
  /** Class order of the model; default the labels seen, sorted. */
  classNames?: readonly string[];
  /** Shares held out (stratified) for early stopping + calibration and for the test. */
  validation?: number;
  test?: number;
  seed?: number;
  /** Learn a per-feature standardisation inside the model (default false: with few examples it inflates noise). */
  standardize?: boolean;
  /** L2 penalty on the weights (default 1e-3). */
  l2?: number;
  /** Features of a second model multiplied in (a lexicon expert: general polarity the vector cannot carry). */
  expert?: FeatureSet;
  /**
   * Heads to fit (an integer, default 1): the first on the split above, each further one on the same test share
   * with its validation share drawn again from the rest (memberSplits). Only the first is the head (published,
   * and what the report scores); the others are for trying committees offline (bench/src/text-dev-sweep.ts
   * averages their probabilities). Needs a validation share when above one.
   */
  members?: number;
  /** General examples trained on beside the training share (never validated or tested on). */
  prior?: { examples: readonly LabelledText[]; vectors: readonly Float32Array[] };
}

/** How a head did on examples it never saw, beside the majority-class baseline. */
export interface HeadReport {
  examples: number;
  split: { train: number; validation: number; test: number };
  classCounts: Record<string, number>;
  temperature: number;
  test: Pick<ClassificationReport, 'accuracy' | 'macroF1' | 'logLoss' | 'expectedCalibrationError'> & {
    perClassF1: Record<string, number>;
  };
  baseline: { accuracy: number; macroF1: number };
  epochs: number;
  /** General (seed) examples trained on beside the training share. */
  priorExamples: number;
}

/** A fitted model and the experts multiplied into it. */
export interface FittedMember {
  model: SoftmaxRegression;
  experts: { features: FeatureSet; model: SoftmaxRegression }[];
}

export interface TrainedHead extends FittedMember {
  /** The further members fitted with `members` above one (empty with one): never part of the head. */
  otherMembers: FittedMember[];
  classNames: string[];
  features: FeatureSet;
  report: HeadReport;
  /** Indices of the examples held out for the test metrics (never trained or calibrated on). */
  holdout: number[];
}

/**
 * Fits a calibrated classifier on text features: softmax regression with balanced class
 * weights, early stopping and temperature scaling on a stratified
 * validation share, metrics on a stratified test share. `vectors[i]` is the encoder's vector
 * of `examples[i].text`. With an `expert` feature set, a second model on those features is fitted
 * on the same split and multiplied in (text-heads.ts headProbabilities); the test metrics are the product's.
 * With `members` above one, further members are fitted the same way on redrawn validation shares (memberSplits);
 * the head and its test metrics are the first member's alone.
 */
export function trainHead(
  examples: readonly LabelledText[],
  vectors: readonly Float32Array[],
  options: HeadTrainingOptions,
): TrainedHead {
  if (examples.length !== vectors.length)
    throw new RangeError(`${examples.length} examples but ${vectors.length} vectors`);
  const classNames = [...(options.classNames ?? [...new Set(examples.map((e) => e.label))].sort())];
  const index = new Map(classNames.map((name, i) => [name, i]));
  const unknown = examples.find((e) => !index.has(e.label));
  if (unknown) throw new RangeError(`label ${JSON.stringify(unknown.label)} is not one of ${classNames.join(', ')}`);
  if (classNames.length < 2) throw new RangeError('a head needs examples of at least two classes');
  const y = examples.map((example) => index.get(example.label) as number);
  const seed = options.seed ?? 7;
  const members = options.members ?? 1;
  if (!Number.isInteger(members) || members < 1)
    throw new RangeError(`members must be a positive integer, not ${members}`);
  const split = stratifiedSplit(y, { validation: options.validation ?? 0.15, test: options.test ?? 0.15, seed });
  if (members > 1 && split.validation.length === 0)
    throw new RangeError(
      `${members} members need a validation share to redraw (this split has none): they would be one`,
    );
  const prior = (options.prior?.examples ?? []).flatMap((example, i) =>
    index.has(example.label)
      ? [
          {
            text: example.text,
            vector: options.prior?.vectors[i] as Float32Array,
            y: index.get(example.label) as number,
          },
        ]
      : [],
  );
  const testY = pick(y, split.test);
  const [ownRows, priorRows] = [new Map<FeatureSet, Float32Array[]>(), new Map<FeatureSet, Float32Array[]>()];
  const rowsOf = (features: FeatureSet) =>
    getOrCreate(ownRows, features, () =>
      examples.map((example, i) => headFeatures(features, vectors[i] as Float32Array, example.text)),
    );
  const priorRowsOf = (features: FeatureSet) =>
    getOrCreate(priorRows, features, () => prior.map((p) => headFeatures(features, p.vector, p.text)));
  const trainingRows = (features: FeatureSet, train: number[]) => ({
    X: [...pick(rowsOf(features), train), ...priorRowsOf(features)],
    y: [...pick(y, train), ...prior.map((p) => p.y)],
  });
  const fit = (features: FeatureSet, part: { train: number[]; validation: number[] }) => {
    const X = rowsOf(features);
    const { X: trainX, y: trainY } = trainingRows(features, part.train);
    const [validX, validY] = [pick(X, part.validation), pick(y, part.validation)];
    const model = SoftmaxRegression.fit(trainX, trainY, {
      numClasses: classNames.length,
      classNames,
      classWeights: 'balanced',
      standardize: options.standardize ?? false,
      l2: options.l2 ?? 1e-3,
      maxEpochs: 200,
      patience: 8,
      seed,
      ...(validX.length > 0 ? { validation: { X: validX, y: validY } } : { validationFraction: 0 }),
    });
    if (validX.length > 0) model.calibrate(validX, validY);
    return model;
  };
  const [first, ...otherMembers] = [split, ...memberSplits(y, split, seed, members - 1)].map(
    (part): FittedMember => ({
      model: fit(options.features, part),
      experts: options.expert ? [{ features: options.expert, model: fit(options.expert, part) }] : [],
    }),
  ) as [FittedMember, ...FittedMember[]];
  const head = { version: 'training', classNames, features: options.features, ...first };
  const probabilities = split.test.map((i) =>
    headProbabilities(head, vectors[i] as Float32Array, (examples[i] as LabelledText).text),
  );
  const report = testY.length > 0 ? reportFromProbabilities(testY, probabilities, classNames.length) : undefined;
  const majorityTrain = trainingRows(options.features, split.train);
  const baseline =
    testY.length > 0
      ? evaluateClassifier(
          MajorityClassClassifier.fit(majorityTrain.X, majorityTrain.y, { numClasses: classNames.length }),
          pick(rowsOf(options.features), split.test),
          testY,
        )
      : undefined;
  const classCounts = Object.fromEntries(classNames.map((name, i) => [name, y.filter((label) => label === i).length]));
  return {
    model: first.model,
    experts: first.experts,
    otherMembers,
    classNames,
    features: options.features,
    report: {
      examples: examples.length,
      split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      classCounts,
      temperature: first.model.temperature ?? 1,
      test: {
        accuracy: report?.accuracy ?? NaN,
        macroF1: report?.macroF1 ?? NaN,
        logLoss: report?.logLoss ?? NaN,
        expectedCalibrationError: report?.expectedCalibrationError ?? NaN,
        perClassF1: Object.fromEntries(classNames.map((name, i) => [name, report?.perClass[i]?.f1 ?? NaN])),
      },
      baseline: { accuracy: baseline?.accuracy ?? NaN, macroF1: baseline?.macroF1 ?? NaN },
      epochs: first.model.training?.epochs ?? 0,
      priorExamples: prior.length,
    },
    holdout: split.test,
  };
}

/**
 * Training / validation parts for `count` further committee members: the same test share as `split`, and as
 * many validation examples of each class as `split` has, drawn again from the rest (seed + the member's number).
 */
export function memberSplits(
  y: readonly number[],
  split: SplitIndices,
  seed: number,
  count: number,
): { train: number[]; validation: number[] }[] {
  const test = new Set(split.test);
  const rest = new Map<number, number[]>();
  for (const [i, label] of y.entries()) if (!test.has(i)) getOrCreate(rest, label, () => []).push(i);
  const wanted = new Map<number, number>();
  for (const i of split.validation) wanted.set(y[i] as number, (wanted.get(y[i] as number) ?? 0) + 1);
  return Array.from({ length: Math.max(0, count) }, (_, m) => {
    const random = new SeededRandom(seed + m + 1);
    const part = { train: [] as number[], validation: [] as number[] };
    for (const label of [...rest.keys()].sort((a, b) => a - b)) {
      const members = random.shuffle([...(rest.get(label) as number[])]);
      const n = wanted.get(label) ?? 0;
      part.validation.push(...members.slice(0, n));
      part.train.push(...members.slice(n));
    }
    for (const indices of [part.train, part.validation]) indices.sort((a, b) => a - b);
    return part;
  });
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
