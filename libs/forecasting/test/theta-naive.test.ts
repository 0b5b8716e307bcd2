import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { seasonalNaive, theta, thetaOptimised, thetaSeasonal } from '../src/index.js';
import { assertClose, assertNear, rSeries } from './fixtures.js';

describe('seasonal naive (hand-computed)', () => {
  it('repeats the last season and grows its variance per season', () => {
    const state = seasonalNaive.fit([1, 2, 3, 2, 4, 3], { period: 3 });
    // one-season-ahead errors: 1, 2, 0 → σ² = 5/3
    assertClose(state.sigma2, 5 / 3);
    const f = seasonalNaive.forecast(state, 4);
    assert.deepEqual(f.mean, [2, 4, 3, 2]);
    assertClose(f.sd[3]!, Math.sqrt((2 * 5) / 3));
    const updated = seasonalNaive.update(state, [5]);
    assert.deepEqual(updated.lastSeason, [4, 3, 5]);
  });
});

describe('Theta', () => {
  it('standard Theta matches R forecast::thetaf within 0.5 % on published series', () => {
    // R 4.2, forecast 8.20: thetaf(USAccDeaths, h = 3) and thetaf(AirPassengers, h = 3)
    const cases = [
      { name: 'USAccDeaths', mean: [8270.694, 7508.924, 8322.125] },
      { name: 'AirPassengers', mean: [440.078, 428.384, 489.707] },
      { name: 'nottem', mean: [40.126, 39.546, 42.548] },
    ];
    for (const c of cases) {
      const f = theta.forecast(theta.fit(rSeries(c.name), { period: 12 }), 3);
      f.mean.forEach((v, i) => assertNear(v, c.mean[i]!, 0.005, `${c.name} step ${i + 1}`));
    }
  });

  it('on a straight line the optimised θ grows and beats θ = 2 (its SES level lags one step, weight 1/θ)', () => {
    const y = Array.from({ length: 40 }, (_, t) => 5 + 2 * t);
    const optimised = thetaOptimised.fit(y, { period: 1 });
    assert.ok(optimised.theta > 5, `theta ${optimised.theta}`);
    const error = (f: number[]) => f.reduce((s, v, i) => s + Math.abs(v - (5 + 2 * (40 + i))), 0);
    const standard = theta.forecast(theta.fit(y, { period: 1 }), 3).mean;
    const best = thetaOptimised.forecast(optimised, 3).mean;
    assert.ok(error(best) < error(standard), `${error(best)} vs ${error(standard)}`);
    // the optimised forecast misses the line by about h·slope/θ at step h (SES is flat; plus the SES lag b(1 − α)/α, tiny at α ≈ 1)
    best.forEach((v, i) => assertClose(v, 5 + 2 * (40 + i), ((i + 1) * 2 * 1.01) / optimised.theta, `step ${i + 1}`));
  });

  it('the seasonality test finds a monthly season and none in white noise', () => {
    assert.equal(thetaSeasonal(rSeries('AirPassengers'), 12), true);
    const flat = Array.from({ length: 120 }, (_, t) => 100 + ((t * 7919) % 13) - 6);
    assert.equal(thetaSeasonal(flat, 12), false);
  });
});
