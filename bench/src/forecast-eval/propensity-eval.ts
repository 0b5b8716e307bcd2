// Purchase propensity on the shop: features from the days before a cutoff, label = a purchase in
// the next 7 days; trained on earlier cutoffs, calibrated on a later one, scored on the last,
// beside a recency baseline (AUC of recency itself; log loss of a calibrated recency-only model).
import { logLoss, rocAuc } from '@demand/ml';
import {
  type PropensityMethod,
  propensityFeatures,
  purchaseLabel,
  purchaseProbability,
  recencyScore,
  trainPropensity,
  type UserDays,
} from '@demand/forecasting';

export interface PropensityScore {
  users: number;
  positives: number;
  /** The method the validation week chose, and each candidate's held-out scores. */
  method: PropensityMethod;
  candidates: Record<PropensityMethod, { auc: number; logLoss: number }>;
  auc: number;
  aucRecency: number;
  logLoss: number;
  logLossRecency: number;
}

const WINDOW = 7;

export function evaluatePropensity(users: readonly UserDays[], days: number): PropensityScore {
  const test = days - WINDOW;
  const validation = test - WINDOW;
  const trainCutoffs = [
    validation - 42,
    validation - 35,
    validation - 28,
    validation - 21,
    validation - 14,
    validation - 7,
  ];
  const rows = (cutoffs: number[], features: (u: UserDays, c: number) => Float32Array) => {
    const X: Float32Array[] = [];
    const y: number[] = [];
    for (const c of cutoffs)
      for (const u of users) {
        X.push(features(u, c));
        y.push(purchaseLabel(u, c, WINDOW));
      }
    return { X, y };
  };
  const full = (u: UserDays, c: number) => propensityFeatures(u, c);
  const recency = (u: UserDays, c: number) => Float32Array.of(Math.log(1 - recencyScore(u, c)));
  const trainRows = rows(trainCutoffs, full);
  const validationRows = rows([validation], full);
  const model = trainPropensity(trainRows, validationRows);
  const baseline = trainPropensity(rows(trainCutoffs, recency), rows([validation], recency)).classifier;
  const testRows = rows([test], full);
  const testRecency = rows([test], recency);
  const p = testRows.X.map((x) => purchaseProbability(model.classifier, x));
  const q = testRecency.X.map((x) => purchaseProbability(baseline, x));
  const scored = (probabilities: number[]) => ({
    auc: rocAuc(testRows.y, probabilities),
    logLoss: logLoss(
      testRows.y,
      probabilities.map((v) => [1 - v, v]),
    ),
  });
  const { candidates } = model;
  return {
    users: users.length,
    positives: testRows.y.reduce((s, v) => s + v, 0),
    method: model.method,
    candidates: {
      logistic_regression: scored(testRows.X.map((x) => purchaseProbability(candidates.logistic_regression, x))),
      mlp: scored(testRows.X.map((x) => purchaseProbability(candidates.mlp, x))),
    },
    auc: rocAuc(testRows.y, p),
    aucRecency: rocAuc(
      testRows.y,
      users.map((u) => recencyScore(u, test)),
    ),
    logLoss: logLoss(
      testRows.y,
      p.map((v) => [1 - v, v]),
    ),
    logLossRecency: logLoss(
      testRows.y,
      q.map((v) => [1 - v, v]),
    ),
  };
}
