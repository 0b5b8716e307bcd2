import { fitTemperatureOnRows } from '../calibration.js';
import type { Classifier } from '../classifier.js';
import { invalidArgument } from '../ml.error.js';
import { checkLabelledRows, inferNumClasses, toRows, type FeatureRows } from '../rows.js';
import { argmax, softmax } from '../softmax.js';
import { Standardizer, type StandardizerJSON } from '../standardizer.js';
import { classWeightsFor, computeLogits, parameterCount, type ClassWeighting, type SoftmaxShape } from './objective.js';
import { planTraining, resolveTraining, trainSoftmax, type TrainingReport } from './train.js';

export interface SoftmaxRegressionOptions {
  /** Features per row; required when X is one row-major Float32Array. */
  dims?: number;
  /** Defaults to max(y) + 1. */
  numClasses?: number;
  /** Human names of the classes, kept in the saved model (e.g. intents). */
  classNames?: readonly string[];
  /** L2 penalty on the weights (not the biases). Default 1e-4. */
  l2?: number;
  /** Adam step size. Default 0.01. */
  learningRate?: number;
  /** Default 32. */
  batchSize?: number;
  /** Default 100. */
  maxEpochs?: number;
  /** 'balanced' (n / (K·n_k)) or one weight per class. Default: all 1. */
  classWeights?: ClassWeighting;
  /** Stratified share of X held out for early stopping. Default 0.1; 0 trains on everything. */
  validationFraction?: number;
  /** An explicit early-stopping set; when given, no share of X is held out. */
  validation?: { X: FeatureRows; y: ArrayLike<number> };
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** Smallest loss decrease that counts as an improvement. Default 1e-4. */
  minImprovement?: number;
  /** Learn a per-feature standardisation and apply it inside the model. Default false. */
  standardize?: boolean;
  /** Seeds the validation split and the epoch shuffles. Default 1. */
  seed?: number;
}

/** Plain JSON, versioned by `formatVersion`: save with JSON.stringify, load with fromJSON. */
export interface SoftmaxRegressionJSON {
  kind: 'softmax-regression';
  formatVersion: 1;
  numClasses: number;
  dims: number;
  classNames?: string[];
  /** K × D, one row per class. */
  weights: number[];
  bias: number[];
  temperature?: number;
  standardizer?: StandardizerJSON;
}

/** Multinomial logistic regression (binary is K = 2), optionally temperature-calibrated. */
export class SoftmaxRegression implements Classifier {
  private calibratedTemperature: number | undefined;

  private constructor(
    private readonly shape: SoftmaxShape,
    private readonly theta: Float64Array,
    readonly classNames: readonly string[] | undefined,
    private readonly standardizer: Standardizer | undefined,
    /** How training went; absent on a model loaded from JSON. */
    readonly training: TrainingReport | undefined,
  ) {}

  static fit(X: FeatureRows, y: ArrayLike<number>, options: SoftmaxRegressionOptions = {}): SoftmaxRegression {
    const { settings, validationFraction } = resolveTraining(options);

    let rows = toRows(X, options.dims);
    const dims = rows[0]?.length ?? 0;
    let validationRows = options.validation ? toRows(options.validation.X, dims) : [];
    const validationLabels = options.validation ? Array.from(options.validation.y) : [];
    const numClasses = options.numClasses ?? Math.max(inferNumClasses(y), inferNumClasses(validationLabels));
    if (numClasses < 2) throw invalidArgument('a classifier needs at least 2 classes');
    checkLabelledRows(rows, y, numClasses);
    if (options.validation) checkLabelledRows(validationRows, validationLabels, numClasses);
    if (options.classNames && options.classNames.length !== numClasses) {
      throw invalidArgument(`classNames has ${options.classNames.length} names for ${numClasses} classes`);
    }
    if (Array.isArray(options.classWeights) && options.classWeights.length !== numClasses) {
      throw invalidArgument(`classWeights has ${options.classWeights.length} weights for ${numClasses} classes`);
    }

    const standardizer = options.standardize ? Standardizer.fit(rows) : undefined;
    if (standardizer) {
      rows = rows.map((row) => standardizer.transform(row));
      validationRows = validationRows.map((row) => standardizer.transform(row));
    }
    const labels = [...Array.from(y), ...validationLabels];
    const plan = planTraining(y, options.validation && validationRows.length, validationFraction, settings.seed);
    const shape = { numClasses, dims };
    const classWeights = classWeightsFor(
      plan.trainIndices.map((i) => labels[i]!),
      numClasses,
      options.classWeights,
    );
    const data = { rows: [...rows, ...validationRows], labels, classWeights };
    const { theta, report } = trainSoftmax(shape, data, plan, settings);
    return new SoftmaxRegression(shape, theta, options.classNames && [...options.classNames], standardizer, report);
  }

  get numClasses(): number {
    return this.shape.numClasses;
  }

  get dims(): number {
    return this.shape.dims;
  }

  /** The fitted temperature, or undefined when the model is not calibrated. */
  get temperature(): number | undefined {
    return this.calibratedTemperature;
  }

  /** The training rows' mean of each feature when the model standardises, else zeros. */
  get featureMeans(): Float64Array {
    return this.standardizer ? this.standardizer.mean.slice() : new Float64Array(this.shape.dims);
  }

  /** A copy of the K × D weights, row-major (one row per class). */
  get weights(): Float64Array {
    return this.theta.slice(0, this.shape.numClasses * this.shape.dims);
  }

  get bias(): Float64Array {
    return this.theta.slice(this.shape.numClasses * this.shape.dims);
  }

  /** Raw class scores before temperature and softmax. */
  logits(x: Float32Array): Float64Array {
    if (x.length !== this.shape.dims)
      throw invalidArgument(`model expects ${this.shape.dims} features, got ${x.length}`);
    const input = this.standardizer ? this.standardizer.transform(x) : x;
    return computeLogits(this.theta, this.shape, input, new Float64Array(this.shape.numClasses));
  }

  predictProba(x: Float32Array): Float64Array {
    return softmax(this.logits(x), this.calibratedTemperature ?? 1);
  }

  predict(x: Float32Array): number {
    return argmax(this.logits(x));
  }

  /**
   * Fits temperature scaling on held-out rows (never the training rows) and applies it in
   * predictProba from now on. Predicted classes do not change. Returns the temperature.
   */
  calibrate(X: FeatureRows, y: ArrayLike<number>, dims?: number): number {
    const shape = { dims: dims ?? this.shape.dims, numClasses: this.shape.numClasses };
    this.calibratedTemperature = fitTemperatureOnRows(X, y, shape, (row) => this.logits(row));
    return this.calibratedTemperature;
  }

  toJSON(): SoftmaxRegressionJSON {
    const json: SoftmaxRegressionJSON = {
      kind: 'softmax-regression',
      formatVersion: 1,
      numClasses: this.shape.numClasses,
      dims: this.shape.dims,
      weights: [...this.weights],
      bias: [...this.bias],
    };
    if (this.classNames) json.classNames = [...this.classNames];
    if (this.calibratedTemperature !== undefined) json.temperature = this.calibratedTemperature;
    if (this.standardizer) json.standardizer = this.standardizer.toJSON();
    return json;
  }

  static fromJSON(json: SoftmaxRegressionJSON): SoftmaxRegression {
    if (json?.kind !== 'softmax-regression' || json.formatVersion !== 1) {
      throw invalidArgument('not a softmax-regression model of formatVersion 1');
    }
    const shape = { numClasses: json.numClasses, dims: json.dims };
    const validShape =
      Number.isInteger(shape.numClasses) && shape.numClasses >= 2 && Number.isInteger(shape.dims) && shape.dims > 0;
    if (
      !validShape ||
      json.weights?.length !== shape.numClasses * shape.dims ||
      json.bias?.length !== shape.numClasses
    ) {
      throw invalidArgument('softmax-regression JSON: weights must be numClasses × dims and bias numClasses long');
    }
    const theta = Float64Array.from([...json.weights, ...json.bias]);
    if (theta.length !== parameterCount(shape) || !theta.every(Number.isFinite)) {
      throw invalidArgument('softmax-regression JSON: parameters must be finite numbers');
    }
    if (json.classNames && json.classNames.length !== shape.numClasses) {
      throw invalidArgument('softmax-regression JSON: classNames must have one name per class');
    }
    if (json.temperature !== undefined && !(json.temperature > 0)) {
      throw invalidArgument('softmax-regression JSON: temperature must be positive');
    }
    const standardizer = json.standardizer ? Standardizer.fromJSON(json.standardizer) : undefined;
    if (standardizer && standardizer.dims !== shape.dims) {
      throw invalidArgument('softmax-regression JSON: standardizer dims differ from the model dims');
    }
    const model = new SoftmaxRegression(shape, theta, json.classNames, standardizer, undefined);
    model.calibratedTemperature = json.temperature;
    return model;
  }
}
