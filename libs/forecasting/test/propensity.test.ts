import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { rocAuc, SoftmaxRegression } from '@demand/ml';
import {
  PROPENSITY_FEATURES,
  propensityFeatures,
  propensityReasons,
  purchaseLabel,
  purchaseProbability,
  recencyScore,
  trainPropensity,
  type UserDays,
} from '../src/index.js';
import { assertClose, noise } from './fixtures.js';

const zeros = (n: number) => new Array<number>(n).fill(0);

describe('propensity features (hand-computed)', () => {
  it('counts only days before the cutoff', () => {
    const views = zeros(40);
    const carts = zeros(40);
    const purchases = zeros(40);
    views[29] = 3;
    views[25] = 1;
    carts[20] = 1;
    purchases[30] = 1;
    const user: UserDays = { views, carts, purchases };
    const x = propensityFeatures(user, 30);
    assert.equal(x.length, PROPENSITY_FEATURES.length);
    assertClose(x[0]!, Math.log(1), 1e-6);
    assertClose(x[1]!, Math.log(10), 1e-6);
    assertClose(x[2]!, Math.log(90), 1e-6);
    assertClose(x[3]!, Math.log1p(4), 1e-6);
    assertClose(x[8]!, 3 / 28, 1e-6);
    assert.equal(purchaseLabel(user, 30, 7), 1);
    assert.equal(purchaseLabel(user, 31, 7), 0);
    assert.equal(recencyScore(user, 30), -1);
  });
});

describe('propensity model (known truth)', () => {
  it('learns that carts predict purchases better than recency alone, with calibrated probabilities', () => {
    const draw = noise(8);
    const users: UserDays[] = [];
    for (let u = 0; u < 1200; u++) {
      const views = zeros(60).map((): number => (draw() > 0.8 ? 1 : 0));
      const carts = zeros(60).map((): number => (draw() > 1.6 ? 1 : 0));
      const buys = zeros(60);
      const cartsRecent = carts.slice(43, 50).reduce((s, v) => s + v, 0);
      if (draw() < -1 + 1.5 * cartsRecent) buys[52] = 1;
      users.push({ views, carts, purchases: buys });
    }
    const rows = users.map((user) => ({ x: propensityFeatures(user, 50), y: purchaseLabel(user, 50, 7) }));
    const part = (from: number, to: number) => ({
      X: rows.slice(from, to).map((r) => r.x),
      y: rows.slice(from, to).map((r) => r.y),
    });
    const model = trainPropensity(part(0, 700), part(700, 900));
    const test = part(900, 1200);
    const scores = test.X.map((x) => purchaseProbability(model.classifier, x));
    const auc = rocAuc(test.y, scores);
    const recencyAuc = rocAuc(
      test.y,
      users.slice(900).map((user) => recencyScore(user, 50)),
    );
    assert.ok(auc > 0.75 && auc > recencyAuc + 0.1, `AUC ${auc} vs recency ${recencyAuc}`);
    const meanP = scores.reduce((s, p) => s + p, 0) / scores.length;
    const rate = test.y.reduce((s, v) => s + v, 0) / test.y.length;
    assertClose(meanP, rate, 0.06, 'mean probability vs purchase rate');
  });
});

describe('propensity reasons', () => {
  const draw = noise(21);
  const users: UserDays[] = [];
  for (let u = 0; u < 900; u++) {
    const views = zeros(60).map((): number => (draw() > 0.8 ? 1 : 0));
    const carts = zeros(60).map((): number => (draw() > 1.6 ? 1 : 0));
    const buys = zeros(60);
    const cartsRecent = carts.slice(43, 50).reduce((s, v) => s + v, 0);
    if (draw() < -1 + 1.5 * cartsRecent) buys[52] = 1;
    users.push({ views, carts, purchases: buys });
  }
  const rows = users.map((user) => ({ x: propensityFeatures(user, 50), y: purchaseLabel(user, 50, 7) }));
  const part = (from: number, to: number) => ({
    X: rows.slice(from, to).map((r) => r.x),
    y: rows.slice(from, to).map((r) => r.y),
  });
  const trained = trainPropensity(part(0, 600), part(600, 900));
  const model = trained.classifier;

  it('of logistic regression are coefficient × standardised value: with the bias they add up to the log-odds', () => {
    const logistic = trained.candidates.logistic_regression;
    assert.ok(logistic instanceof SoftmaxRegression);
    const user = users[3]!;
    const all = propensityReasons(logistic, user, 50, PROPENSITY_FEATURES.length);
    assert.equal(all.length, PROPENSITY_FEATURES.length);
    const json = logistic.toJSON();
    const bias = (json.bias[1]! - json.bias[0]!) / (json.temperature ?? 1);
    const p = purchaseProbability(logistic, propensityFeatures(user, 50));
    const sum = all.reduce((s, r) => s + r.contribution, bias);
    assertClose(sum, Math.log(p / (1 - p)), 1e-4, 'log-odds');
    for (let i = 1; i < all.length; i++)
      assert.ok(Math.abs(all[i - 1]!.contribution) >= Math.abs(all[i]!.contribution));
  });

  it('put a recent cart among the top three and say in words what the user did', () => {
    const views = zeros(60);
    const carts = zeros(60);
    views[47] = 2;
    views[48] = 3;
    carts[46] = 1;
    carts[48] = 2;
    const user: UserDays = { views, carts, purchases: zeros(60) };
    const reasons = propensityReasons(model, user, 50);
    assert.equal(reasons.length, 3);
    const top = reasons.find((r) => r.feature.includes('cart'));
    assert.ok(top && top.contribution > 0, JSON.stringify(reasons));
    const texts = propensityReasons(model, user, 50, PROPENSITY_FEATURES.length).map((r) => r.text);
    assert.ok(texts.includes('added to cart 3 times in the last 7 days'), texts.join(' | '));
    assert.ok(texts.includes('carted but not bought (last cart 2 days ago)'), texts.join(' | '));
    assert.ok(texts.includes('viewed 5 times in the last 7 days'), texts.join(' | '));
    assert.ok(texts.includes('no purchase in the last 90 days'), texts.join(' | '));
  });
});

describe('propensity model choice', () => {
  it('chooses the MLP when buying depends on an interaction logistic regression cannot draw', () => {
    const draw = noise(33);
    const users: UserDays[] = [];
    for (let u = 0; u < 2400; u++) {
      const views = zeros(60).map((): number => (draw() > 0.9 ? 1 : 0));
      const carts = zeros(60).map((): number => (draw() > 1.4 ? 1 : 0));
      const buys = zeros(60);
      // carting buys only for users who bought recently (loyal); for the rest carts mean comparison shopping
      if (draw() > 0.6) buys[48] = 1;
      const recentCarts = carts.slice(43, 50).reduce((s, v) => s + v, 0) > 0;
      const loyal = buys[48] === 1;
      if (draw() < (recentCarts === loyal ? 1.2 : -1.2)) buys[53] = 1;
      users.push({ views, carts, purchases: buys });
    }
    const rows = users.map((user) => ({ x: propensityFeatures(user, 50), y: purchaseLabel(user, 50, 7) }));
    const part = (from: number, to: number) => ({
      X: rows.slice(from, to).map((r) => r.x),
      y: rows.slice(from, to).map((r) => r.y),
    });
    const trained = trainPropensity(part(0, 1400), part(1400, 1900));
    const test = part(1900, 2400);
    const auc = (m: typeof trained.classifier) =>
      rocAuc(
        test.y,
        test.X.map((x) => purchaseProbability(m, x)),
      );
    const lr = auc(trained.candidates.logistic_regression);
    const mlp = auc(trained.candidates.mlp);
    assert.equal(trained.method, 'mlp', JSON.stringify(trained.validationLogLoss));
    assert.ok(mlp > lr + 0.1, `MLP AUC ${mlp} vs logistic regression ${lr}`);
  });
});
