/** What every classifier of the platform offers once fitted (models, baselines alike). */
export interface Classifier {
  readonly numClasses: number;
  /** Features per input row. */
  readonly dims: number;
  /** Class probabilities (they sum to 1). */
  predictProba(x: Float32Array): Float64Array;
  /** The most probable class index. */
  predict(x: Float32Array): number;
}
