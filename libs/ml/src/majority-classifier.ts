import type { Classifier } from './classifier.js';
import { invalidArgument } from './ml.error.js';
import { checkLabelledRows, inferNumClasses, toRows, type FeatureRows } from './rows.js';
import { argmax } from './softmax.js';

export interface MajorityClassJSON {
  kind: 'majority-class';
  formatVersion: 1;
  dims: number;
  /** Class frequencies in the training labels. */
  priors: number[];
}

/**
 * The baseline every classifier must beat: ignores the features, predicts the most frequent
 * training class and returns the training class frequencies as probabilities.
 */
export class MajorityClassClassifier implements Classifier {
  private constructor(
    readonly dims: number,
    private readonly priors: Float64Array,
  ) {}

  static fit(
    X: FeatureRows,
    y: ArrayLike<number>,
    options: { dims?: number; numClasses?: number } = {},
  ): MajorityClassClassifier {
    const rows = toRows(X, options.dims);
    const numClasses = options.numClasses ?? inferNumClasses(y);
    checkLabelledRows(rows, y, numClasses);
    const priors = new Float64Array(numClasses);
    for (let i = 0; i < y.length; i++) priors[y[i]!] = priors[y[i]!]! + 1;
    for (let k = 0; k < numClasses; k++) priors[k] = priors[k]! / y.length;
    return new MajorityClassClassifier(rows[0]!.length, priors);
  }

  get numClasses(): number {
    return this.priors.length;
  }

  predictProba(x: Float32Array): Float64Array {
    if (x.length !== this.dims) throw invalidArgument(`model expects ${this.dims} features, got ${x.length}`);
    return this.priors.slice();
  }

  predict(x: Float32Array): number {
    return argmax(this.predictProba(x));
  }

  toJSON(): MajorityClassJSON {
    return { kind: 'majority-class', formatVersion: 1, dims: this.dims, priors: [...this.priors] };
  }

  static fromJSON(json: MajorityClassJSON): MajorityClassClassifier {
    if (
      json?.kind !== 'majority-class' ||
      json.formatVersion !== 1 ||
      !Array.isArray(json.priors) ||
      !(json.dims > 0)
    ) {
      throw invalidArgument('not a majority-class model of formatVersion 1');
    }
    return new MajorityClassClassifier(json.dims, Float64Array.from(json.priors));
  }
}
