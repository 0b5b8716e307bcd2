import { fitTemperatureOnRows } from '../calibration.js';
import type { Classifier } from '../classifier.js';
import { invalidArgument } from '../ml.error.js';
import { SeededRandom } from '../random.js';
import { checkLabelledRows, inferNumClasses, toRows, type FeatureRows } from '../rows.js';
import { argmax, softmax } from '../softmax.js';
import {
  DEFAULT_TRAINING,
  minimiseByMiniBatches,
  planTraining,
  resolveTraining,
  type TrainingReport,
} from '../softmax-regression/train.js';
import { Standardizer, type StandardizerJSON } from '../standardizer.js';
import { mlpCrossEntropy, mlpForward, mlpLayout, mlpLossAndGradient, type MlpShape } from './mlp-objective.js';

export interface MlpOptions {
  /** Hidden tanh units. Default 16. */
  hidden?: number;
  /** Defaults to max(y) + 1. */
  numClasses?: number;
  /** L2 penalty on both weight matrices (not the biases). Default 1e-4. */
  l2?: number;
  /** Adam step size. Default 0.01. */
  learningRate?: number;
  /** Default 64. */
  batchSize?: number;
  /** Default 100. */
  maxEpochs?: number;
  /** Stratified share of X held out for early stopping. Default 0.1. */
  validationFraction?: number;
  /** An explicit early-stopping set; when given, no share of X is held out. */
  validation?: { X: FeatureRows; y: ArrayLike<number> };
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** Smallest loss decrease that counts as an improvement. Default 1e-4. */
  minImprovement?: number;
  /** Seeds the initial weights, the validation split and the epoch shuffles. Default 1. */
  seed?: number;
}

/** Plain JSON, versioned by `formatVersion`: save with JSON.stringify, load with fromJSON. */
export interface MlpJSON {
  kind: 'mlp';
  formatVersion: 1;
  numClasses: number;
  dims: number;
  hidden: number;
  /** W1 (H×D), b1, W2 (K×H), b2, concatenated. */
  parameters: number[];
  temperature?: number;
  standardizer: StandardizerJSON;
}

/**
 * A small multilayer perceptron: standardised inputs, one tanh hidden layer, softmax output,
 * trained by mini-batch Adam with early stopping, optionally temperature-calibrated.
 */
export class MlpClassifier implements Classifier {
  private calibratedTemperature: number | undefined;

  private constructor(
    private readonly shape: MlpShape,
    private readonly theta: Float64Array,
    private readonly standardizer: Standardizer,
    /** How training went; absent on a model loaded from JSON. */
    readonly training: TrainingReport | undefined,
  ) {}

  static fit(X: FeatureRows, y: ArrayLike<number>, options: MlpOptions = {}): MlpClassifier {
    const { settings, validationFraction } = resolveTraining(options, { ...DEFAULT_TRAINING, batchSize: 64 });
    const hidden = options.hidden ?? 16;
    if (!Number.isInteger(hidden) || hidden <= 0) throw invalidArgument('hidden must be a positive integer');

    const rawRows = toRows(X);
    const dims = rawRows[0]?.length ?? 0;
    const rawValidation = options.validation ? toRows(options.validation.X, dims) : [];
    const validationLabels = options.validation ? Array.from(options.validation.y) : [];
    const numClasses = options.numClasses ?? Math.max(inferNumClasses(y), inferNumClasses(validationLabels));
    if (numClasses < 2) throw invalidArgument('a classifier needs at least 2 classes');
    checkLabelledRows(rawRows, y, numClasses);
    if (options.validation) checkLabelledRows(rawValidation, validationLabels, numClasses);

    const standardizer = Standardizer.fit(rawRows);
    const rows = [...rawRows, ...rawValidation].map((row) => standardizer.transform(row));
    const labels = [...Array.from(y), ...validationLabels];
    const plan = planTraining(y, options.validation && rawValidation.length, validationFraction, settings.seed);
    const shape = { dims, hidden, numClasses };
    const data = { rows, labels };
    const { theta, report } = minimiseByMiniBatches(
      glorotStart(shape, settings.seed),
      {
        lossAndGradient: (t, batch, gradient) => mlpLossAndGradient(t, shape, data, batch, settings.l2, gradient),
        validationLoss: (t, indices) => mlpCrossEntropy(t, shape, data, indices),
      },
      plan,
      settings,
    );
    return new MlpClassifier(shape, theta, standardizer, report);
  }

  get numClasses(): number {
    return this.shape.numClasses;
  }

  get dims(): number {
    return this.shape.dims;
  }

  get hidden(): number {
    return this.shape.hidden;
  }

  /** The fitted temperature, or undefined when the model is not calibrated. */
  get temperature(): number | undefined {
    return this.calibratedTemperature;
  }

  /** The training rows' mean of each feature (what the model standardises around). */
  get featureMeans(): Float64Array {
    return this.standardizer.mean.slice();
  }

  /** Raw class scores before temperature and softmax. */
  logits(x: Float32Array): Float64Array {
    if (x.length !== this.shape.dims)
      throw invalidArgument(`model expects ${this.shape.dims} features, got ${x.length}`);
    const hidden = new Float64Array(this.shape.hidden);
    return mlpForward(
      this.theta,
      this.shape,
      this.standardizer.transform(x),
      hidden,
      new Float64Array(this.numClasses),
    );
  }

  predictProba(x: Float32Array): Float64Array {
    return softmax(this.logits(x), this.calibratedTemperature ?? 1);
  }

  predict(x: Float32Array): number {
    return argmax(this.logits(x));
  }

  /** Fits temperature scaling on held-out rows (never the training rows); returns the temperature. */
  calibrate(X: FeatureRows, y: ArrayLike<number>): number {
    this.calibratedTemperature = fitTemperatureOnRows(X, y, this.shape, (row) => this.logits(row));
    return this.calibratedTemperature;
  }

  toJSON(): MlpJSON {
    const json: MlpJSON = {
      kind: 'mlp',
      formatVersion: 1,
      numClasses: this.shape.numClasses,
      dims: this.shape.dims,
      hidden: this.shape.hidden,
      parameters: [...this.theta],
      standardizer: this.standardizer.toJSON(),
    };
    if (this.calibratedTemperature !== undefined) json.temperature = this.calibratedTemperature;
    return json;
  }

  static fromJSON(json: MlpJSON): MlpClassifier {
    if (json?.kind !== 'mlp' || json.formatVersion !== 1) throw invalidArgument('not an mlp model of formatVersion 1');
    const shape = { dims: json.dims, hidden: json.hidden, numClasses: json.numClasses };
    const positive = (n: number) => Number.isInteger(n) && n > 0;
    if (!positive(shape.dims) || !positive(shape.hidden) || !(shape.numClasses >= 2) || !positive(shape.numClasses))
      throw invalidArgument('mlp JSON: dims, hidden and numClasses must be positive integers (numClasses ≥ 2)');
    const theta = Float64Array.from(json.parameters ?? []);
    if (theta.length !== mlpLayout(shape).size || !theta.every(Number.isFinite))
      throw invalidArgument('mlp JSON: parameters must be finite numbers, as many as the shape needs');
    if (json.temperature !== undefined && !(json.temperature > 0))
      throw invalidArgument('mlp JSON: temperature must be positive');
    const standardizer = Standardizer.fromJSON(json.standardizer);
    if (standardizer.dims !== shape.dims)
      throw invalidArgument('mlp JSON: standardizer dims differ from the model dims');
    const model = new MlpClassifier(shape, theta, standardizer, undefined);
    model.calibratedTemperature = json.temperature;
    return model;
  }
}

/** Glorot-normal weights (std √(2 / (fan-in + fan-out))), zero biases: tanh units start unsaturated. */
function glorotStart(shape: MlpShape, seed: number): Float64Array {
  const at = mlpLayout(shape);
  const theta = new Float64Array(at.size);
  const random = new SeededRandom(seed * 7919 + 17);
  const std1 = Math.sqrt(2 / (shape.dims + shape.hidden));
  const std2 = Math.sqrt(2 / (shape.hidden + shape.numClasses));
  for (let q = at.w1; q < at.b1; q++) theta[q] = random.normal() * std1;
  for (let q = at.w2; q < at.b2; q++) theta[q] = random.normal() * std2;
  return theta;
}
