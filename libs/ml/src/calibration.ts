import { invalidArgument } from './ml.error.js';
import { checkLabelledRows, type FeatureRows, toRows } from './rows.js';
import { logSumExp } from './softmax.js';

export interface TemperatureSearch {
  minTemperature?: number;
  maxTemperature?: number;
}

/** Mean negative log-likelihood of softmax(logits / temperature). */
export function temperatureNll(
  logits: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  temperature: number,
): number {
  const inverse = 1 / temperature;
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    total += logSumExp(logits[i]!, inverse) - inverse * logits[i]![y[i]!]!;
  }
  return total / logits.length;
}

/**
 * Temperature scaling (Guo et al. 2017): the T that minimises the NLL of softmax(z / T) on
 * held-out logits. The NLL is convex in 1/T, so a golden-section search over 1/T finds it.
 * T > 1 softens an over-confident model, T < 1 sharpens an under-confident one.
 */
export function fitTemperature(
  logits: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  search: TemperatureSearch = {},
): number {
  if (logits.length === 0) throw invalidArgument('temperature scaling needs held-out examples');
  if (logits.length !== y.length) throw invalidArgument(`${logits.length} logit rows but ${y.length} labels`);
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= logits[i]!.length) {
      throw invalidArgument(`y[${i}] = ${label} is not a class index of its logit row`);
    }
  }
  const minTemperature = search.minTemperature ?? 0.05;
  const maxTemperature = search.maxTemperature ?? 20;
  if (!(minTemperature > 0 && maxTemperature > minTemperature)) {
    throw invalidArgument('temperature bounds must satisfy 0 < min < max');
  }
  const nll = (inverse: number): number => temperatureNll(logits, y, 1 / inverse);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = 1 / maxTemperature;
  let high = 1 / minTemperature;
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftValue = nll(left);
  let rightValue = nll(right);
  while (high - low > 1e-7 * Math.max(1, low)) {
    if (leftValue <= rightValue) {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - ratio * (high - low);
      leftValue = nll(left);
    } else {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + ratio * (high - low);
      rightValue = nll(right);
    }
  }
  return 2 / (low + high);
}

/** The temperature for a model's logits on held-out rows (never its training rows), checked against its shape. */
export function fitTemperatureOnRows(
  X: FeatureRows,
  y: ArrayLike<number>,
  shape: { dims: number; numClasses: number },
  logits: (row: Float32Array) => ArrayLike<number>,
): number {
  const rows = toRows(X, shape.dims);
  checkLabelledRows(rows, y, shape.numClasses);
  return fitTemperature(rows.map(logits), y);
}
