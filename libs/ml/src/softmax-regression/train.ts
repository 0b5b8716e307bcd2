import { invalidArgument } from '../ml.error.js';
import { SeededRandom } from '../random.js';
import { stratifiedSplit } from '../split.js';
import { Adam } from './adam.js';
import {
  lossAndGradient,
  parameterCount,
  weightedCrossEntropy,
  type LabelledRows,
  type SoftmaxShape,
} from './objective.js';

export interface TrainingSettings {
  l2: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  patience: number;
  minImprovement: number;
  seed: number;
}

export interface EpochRecord {
  epoch: number;
  /** Mean of the mini-batch objectives (with the L2 term) over the epoch. */
  trainLoss: number;
  /** Weighted cross-entropy on the validation rows, when there are any. */
  validationLoss?: number;
}

export interface TrainingReport {
  epochs: number;
  /** The epoch whose parameters were kept: best validation loss, or the last epoch without validation. */
  bestEpoch: number;
  stoppedEarly: boolean;
  trainSize: number;
  validationSize: number;
  history: EpochRecord[];
}

export const DEFAULT_TRAINING: TrainingSettings = {
  l2: 1e-4,
  learningRate: 0.01,
  batchSize: 32,
  maxEpochs: 100,
  patience: 5,
  minImprovement: 1e-4,
  seed: 1,
};

export function checkSettings(settings: TrainingSettings): void {
  const positiveIntegers = ['batchSize', 'maxEpochs', 'patience'] as const;
  for (const key of positiveIntegers) {
    if (!Number.isInteger(settings[key]) || settings[key] <= 0)
      throw invalidArgument(`${key} must be a positive integer`);
  }
  if (!(settings.learningRate > 0)) throw invalidArgument('learningRate must be positive');
  if (!(settings.l2 >= 0)) throw invalidArgument('l2 must be zero or positive');
  if (!(settings.minImprovement >= 0)) throw invalidArgument('minImprovement must be zero or positive');
}

/** What a model's options may set of the training; the rest comes from the model's defaults. */
export type TrainingOptions = Partial<TrainingSettings> & { validationFraction?: number };

/** The options over the defaults, checked; `validationFraction` defaults to 0.1. */
export function resolveTraining(
  options: TrainingOptions,
  defaults: TrainingSettings = DEFAULT_TRAINING,
): { settings: TrainingSettings; validationFraction: number } {
  const settings: TrainingSettings = {
    l2: options.l2 ?? defaults.l2,
    learningRate: options.learningRate ?? defaults.learningRate,
    batchSize: options.batchSize ?? defaults.batchSize,
    maxEpochs: options.maxEpochs ?? defaults.maxEpochs,
    patience: options.patience ?? defaults.patience,
    minImprovement: options.minImprovement ?? defaults.minImprovement,
    seed: options.seed ?? defaults.seed,
  };
  checkSettings(settings);
  const validationFraction = options.validationFraction ?? 0.1;
  if (!(validationFraction >= 0 && validationFraction < 1))
    throw invalidArgument('validationFraction must be in [0, 1)');
  return { settings, validationFraction };
}

/** Where the training and early-stopping rows sit inside `data`. */
export interface TrainingPlan {
  trainIndices: number[];
  validationIndices: number[];
}

/**
 * The plan over `trainCount` training rows followed by `validationCount` explicit early-stopping rows;
 * without an explicit set (undefined), a stratified share of the training labels is held out.
 */
export function planTraining(
  labels: ArrayLike<number>,
  validationCount: number | undefined,
  validationFraction: number,
  seed: number,
): TrainingPlan {
  if (validationCount === undefined) return planValidation(labels, validationFraction, seed);
  return {
    trainIndices: Array.from({ length: labels.length }, (_, i) => i),
    validationIndices: Array.from({ length: validationCount }, (_, i) => labels.length + i),
  };
}

/** Holds out a stratified share of the rows for early stopping (none when the share is 0). */
export function planValidation(labels: ArrayLike<number>, validationFraction: number, seed: number): TrainingPlan {
  if (validationFraction === 0)
    return { trainIndices: Array.from({ length: labels.length }, (_, i) => i), validationIndices: [] };
  const split = stratifiedSplit(labels, { validation: validationFraction, seed });
  return { trainIndices: split.train, validationIndices: split.validation };
}

/** What mini-batch training minimises: the batch loss with its gradient, and a held-out score. */
export interface MiniBatchObjective {
  /** Writes the gradient of the batch objective (with any penalty) into `gradient`; returns the loss. */
  lossAndGradient(theta: Float64Array, batch: Int32Array, gradient: Float64Array): number;
  /** The early-stopping score on held-out rows (no penalty). */
  validationLoss(theta: Float64Array, indices: readonly number[]): number;
}

/**
 * Mini-batch Adam from the given start, in place. Each epoch shuffles the training rows with the
 * seeded PRNG; early stopping watches the validation loss (or the training loss when there is no
 * validation set) and restores the best parameters once it has not improved by `minImprovement`
 * for `patience` epochs.
 */
export function minimiseByMiniBatches(
  start: Float64Array,
  objective: MiniBatchObjective,
  plan: TrainingPlan,
  settings: TrainingSettings,
): { theta: Float64Array; report: TrainingReport } {
  const theta = start;
  const gradient = new Float64Array(theta.length);
  const optimizer = new Adam(theta.length, { learningRate: settings.learningRate });
  const random = new SeededRandom(settings.seed);
  const order = Int32Array.from(plan.trainIndices);
  const history: EpochRecord[] = [];
  let best = { loss: Infinity, epoch: 0, theta: theta.slice() };
  let stoppedEarly = false;

  for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
    random.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += settings.batchSize) {
      const batch = order.subarray(start, Math.min(start + settings.batchSize, order.length));
      lossSum += objective.lossAndGradient(theta, batch, gradient);
      optimizer.step(theta, gradient);
      batches++;
    }
    const record: EpochRecord = { epoch, trainLoss: lossSum / batches };
    if (plan.validationIndices.length > 0) {
      record.validationLoss = objective.validationLoss(theta, plan.validationIndices);
    }
    history.push(record);
    const watched = record.validationLoss ?? record.trainLoss;
    if (watched < best.loss - settings.minImprovement) {
      best = { loss: watched, epoch, theta: theta.slice() };
    } else if (epoch - best.epoch >= settings.patience) {
      stoppedEarly = true;
      break;
    }
  }
  // Without a validation set the training loss only decides when to stop; the last parameters are kept.
  const keepLast = plan.validationIndices.length === 0;
  return {
    theta: keepLast ? theta : best.theta,
    report: {
      epochs: history.length,
      bestEpoch: keepLast ? history.length : best.epoch,
      stoppedEarly,
      trainSize: plan.trainIndices.length,
      validationSize: plan.validationIndices.length,
      history,
    },
  };
}

/** Softmax regression from zero weights: the objective is convex, so no random start is needed. */
export function trainSoftmax(
  shape: SoftmaxShape,
  data: LabelledRows,
  plan: TrainingPlan,
  settings: TrainingSettings,
): { theta: Float64Array; report: TrainingReport } {
  return minimiseByMiniBatches(
    new Float64Array(parameterCount(shape)),
    {
      lossAndGradient: (theta, batch, gradient) => lossAndGradient(theta, shape, data, batch, settings.l2, gradient),
      validationLoss: (theta, indices) => weightedCrossEntropy(theta, shape, data, indices),
    },
    plan,
    settings,
  );
}
