import { type Classifier, logLoss, MlpClassifier, SoftmaxRegression } from '@demand/ml';

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

export type PropensityMethod = 'logistic_regression' | 'mlp';
export type PropensityClassifier = SoftmaxRegression | MlpClassifier;

interface LabelledFeatures {
  X: Float32Array[];
  y: number[];
}

/**
 * Both candidate models, each early-stopped and temperature-calibrated on `validation`: logistic
 * regression (two-class softmax regression, L2, standardised features) and a one-hidden-layer MLP.
 */
function trainPropensityCandidates(
  train: LabelledFeatures,
  validation: LabelledFeatures,
): Record<PropensityMethod, PropensityClassifier> {
  const logistic = SoftmaxRegression.fit(train.X, train.y, { validation, seed: 12, standardize: true, numClasses: 2 });
  logistic.calibrate(validation.X, validation.y);
  const mlp = MlpClassifier.fit(train.X, train.y, { validation, seed: 12, numClasses: 2, hidden: 12, maxEpochs: 60 });
  mlp.calibrate(validation.X, validation.y);
  return { logistic_regression: logistic, mlp };
}

export interface PropensityModel {
  method: PropensityMethod;
  classifier: PropensityClassifier;
  /** Calibrated log loss of each candidate on the validation rows: what chose the method. */
  validationLogLoss: Record<PropensityMethod, number>;
  candidates: Record<PropensityMethod, PropensityClassifier>;
}

/** The MLP must beat logistic regression by this much log loss to be chosen (the simpler model wins ties). */
const MLP_MARGIN = 1e-3;

/** Purchase propensity: the candidate with the lower calibrated validation log loss. */
export function trainPropensity(train: LabelledFeatures, validation: LabelledFeatures): PropensityModel {
  const candidates = trainPropensityCandidates(train, validation);
  const loss = (model: Classifier) =>
    logLoss(
      validation.y,
      validation.X.map((x) => model.predictProba(x)),
    );
  const validationLogLoss = { logistic_regression: loss(candidates.logistic_regression), mlp: loss(candidates.mlp) };
  const method =
    validationLogLoss.mlp < validationLogLoss.logistic_regression - MLP_MARGIN ? 'mlp' : 'logistic_regression';
  return { method, classifier: candidates[method], validationLogLoss, candidates };
}

export function purchaseProbability(model: Classifier, features: Float32Array): number {
  return model.predictProba(features)[1]!;
}

/** One reason behind a user's score: a feature's pull on the log-odds and what it was, in words. */
export interface PropensityReason {
  feature: (typeof PROPENSITY_FEATURES)[number];
  /** Coefficient × standardised value (difference of the two classes' logits, over the temperature). */
  contribution: number;
  text: string;
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
const ago = (d: number, what: string) => (d >= NEVER ? `no ${what} in the last ${NEVER} days` : `${d} days ago`);

function describe(feature: PropensityReason['feature'], user: UserDays, cutoff: number): string {
  const sinceCart = daysSince(user.carts, cutoff);
  const sincePurchase = daysSince(user.purchases, cutoff);
  switch (feature) {
    case 'log_days_since_view': {
      const d = daysSince(user.views, cutoff);
      return d >= NEVER ? ago(d, 'view') : `last viewed ${ago(d, 'view')}`;
    }
    case 'log_days_since_cart':
      if (sinceCart >= NEVER) return ago(sinceCart, 'cart');
      return sinceCart < sincePurchase
        ? `carted but not bought (last cart ${sinceCart} days ago)`
        : `last carted ${sinceCart} days ago`;
    case 'log_days_since_purchase':
      return sincePurchase >= NEVER ? ago(sincePurchase, 'purchase') : `last bought ${sincePurchase} days ago`;
    case 'log1p_views_7d':
      return `viewed ${times(sumWindow(user.views, cutoff, 7))} in the last 7 days`;
    case 'log1p_views_28d':
      return `viewed ${times(sumWindow(user.views, cutoff, 28))} in the last 28 days`;
    case 'log1p_carts_7d':
      return `added to cart ${times(sumWindow(user.carts, cutoff, 7))} in the last 7 days`;
    case 'log1p_carts_28d':
      return `added to cart ${times(sumWindow(user.carts, cutoff, 28))} in the last 28 days`;
    case 'log1p_purchases_28d':
      return `bought ${times(sumWindow(user.purchases, cutoff, 28))} in the last 28 days`;
    case 'active_days_28d_share': {
      let active = 0;
      for (let d = Math.max(0, cutoff - 28); d < cutoff; d++)
        if (user.views[d]! + user.carts[d]! + user.purchases[d]! > 0) active++;
      return `active on ${active} of the last 28 days`;
    }
  }
}

/**
 * The `top` features that move this user's log-odds of buying the most (either way), largest
 * magnitude first, with what the user did in words. A feature's pull is how much the calibrated
 * log-odds drop when it alone is set to the training mean; for logistic regression that is exactly
 * coefficient × standardised value.
 */
export function propensityReasons(
  model: PropensityClassifier,
  user: UserDays,
  cutoff: number,
  top = 3,
): PropensityReason[] {
  const x = propensityFeatures(user, cutoff);
  const means = model.featureMeans;
  const temperature = model.temperature ?? 1;
  const logOdds = (input: Float32Array) => {
    const z = model.logits(input);
    return (z[1]! - z[0]!) / temperature;
  };
  const full = logOdds(x);
  const reasons = PROPENSITY_FEATURES.map((feature, j) => {
    const atMean = x.slice();
    atMean[j] = means[j]!;
    return { feature, contribution: full - logOdds(atMean), text: describe(feature, user, cutoff) };
  });
  return reasons.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, top);
}
