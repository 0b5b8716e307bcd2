import { type Classifier, SoftmaxRegression } from '@demand/ml';

/** One user's daily behaviour counts, day 0 first. */
export interface UserDays {
  views: readonly number[];
  carts: readonly number[];
  purchases: readonly number[];
}

export const PROPENSITY_FEATURES = [
  'log_days_since_view',
  'log_days_since_cart',
  'log_days_since_purchase',
  'log1p_views_7d',
  'log1p_views_28d',
  'log1p_carts_7d',
  'log1p_carts_28d',
  'log1p_purchases_28d',
  'active_days_28d_share',
] as const;

const NEVER = 90;

function daysSince(x: readonly number[], cutoff: number): number {
  for (let d = cutoff - 1; d >= Math.max(0, cutoff - NEVER); d--) if (x[d]! > 0) return cutoff - d;
  return NEVER;
}

function sumWindow(x: readonly number[], cutoff: number, days: number): number {
  let s = 0;
  for (let d = Math.max(0, cutoff - days); d < cutoff; d++) s += x[d]!;
  return s;
}

/** Features of a user from the days before `cutoff` (exclusive); nothing from the cutoff on. */
export function propensityFeatures(user: UserDays, cutoff: number): Float32Array {
  let active = 0;
  for (let d = Math.max(0, cutoff - 28); d < cutoff; d++)
    if (user.views[d]! + user.carts[d]! + user.purchases[d]! > 0) active++;
  return Float32Array.from([
    Math.log(daysSince(user.views, cutoff)),
    Math.log(daysSince(user.carts, cutoff)),
    Math.log(daysSince(user.purchases, cutoff)),
    Math.log1p(sumWindow(user.views, cutoff, 7)),
    Math.log1p(sumWindow(user.views, cutoff, 28)),
    Math.log1p(sumWindow(user.carts, cutoff, 7)),
    Math.log1p(sumWindow(user.carts, cutoff, 28)),
    Math.log1p(sumWindow(user.purchases, cutoff, 28)),
    active / 28,
  ]);
}

/** 1 when the user buys within `window` days from the cutoff. */
export function purchaseLabel(user: UserDays, cutoff: number, window: number): number {
  for (let d = cutoff; d < cutoff + window && d < user.purchases.length; d++) if (user.purchases[d]! > 0) return 1;
  return 0;
}

/** The baseline: the more recently a user did anything, the likelier a purchase. */
export function recencyScore(user: UserDays, cutoff: number): number {
  return -Math.min(daysSince(user.views, cutoff), daysSince(user.carts, cutoff), daysSince(user.purchases, cutoff));
}

/**
 * Purchase propensity: logistic regression (two-class softmax regression of the ML lib, L2,
 * standardised features) on recent behaviour, calibrated by temperature scaling on a held-out part.
 */
export function trainPropensity(
  train: { X: Float32Array[]; y: number[] },
  validation: { X: Float32Array[]; y: number[] },
): Classifier {
  const model = SoftmaxRegression.fit(train.X, train.y, { validation, seed: 12, standardize: true, numClasses: 2 });
  model.calibrate(validation.X, validation.y);
  return model;
}

export function purchaseProbability(model: Classifier, features: Float32Array): number {
  return model.predictProba(features)[1]!;
}
