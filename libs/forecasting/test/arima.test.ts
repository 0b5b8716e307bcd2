import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { autoArima, fitArimaOrder, kpssStatistic, ndiffs, nsdiffs } from '../src/index.js';
import { expand, toStationary } from '../src/arima/arima-core.js';
import { assertClose, noise, rSeries } from './fixtures.js';

const order = (p: number, d: number, q: number, constant: boolean) => ({ p, d, q, P: 0, D: 0, Q: 0, m: 1, constant });

describe('ARIMA arithmetic (hand-computed)', () => {
  it('maps partial autocorrelations to a stationary AR polynomial (Durbin–Levinson)', () => {
    const [a1] = toStationary([Math.atanh(0.5)]);
    assertClose(a1!, 0.5);
    // pacf (0.5, 0.2): a2 = 0.2, a1 = 0.5 − 0.2·0.5 = 0.4
    const two = toStationary([Math.atanh(0.5), Math.atanh(0.2)]);
    assertClose(two[0]!, 0.4);
    assertClose(two[1]!, 0.2);
  });

  it('multiplies non-seasonal and seasonal polynomials', () => {
    // (1 − 0.5B)(1 − 0.3B⁴) = 1 − 0.5B − 0.3B⁴ + 0.15B⁵ → ar = [0.5, 0, 0, 0.3, −0.15]
    assert.deepEqual(
      expand([0.5], [0.3], 4, -1).map((v) => Number(v.toFixed(10))),
      [0.5, 0, 0, 0.3, -0.15],
    );
  });

  it('a random walk forecasts its last value with sd σ√h', () => {
    const y = [1, 3, 2, 4, 5, 4];
    const state = fitArimaOrder(y, order(0, 1, 0, false));
    const f = autoArima.forecast(state, 3);
    assert.deepEqual(f.mean, [4, 4, 4]);
    const sigma2 = (4 + 1 + 4 + 1 + 1) / 5;
    assertClose(f.sd[2]!, Math.sqrt(3 * sigma2));
  });
});

describe('ARIMA against R and known truth', () => {
  it('CSS AR(1) on R\'s lh matches arima(lh, c(1,0,0), method = "CSS"): ar1 0.58599, mean 2.41505', () => {
    const lh = [
      2.4, 2.4, 2.4, 2.2, 2.1, 1.5, 2.3, 2.3, 2.5, 2, 1.9, 1.7, 2.2, 1.8, 3.2, 3.2, 2.7, 2.2, 2.2, 1.9, 1.9, 1.8, 2.7,
      3, 2.3, 2, 2, 2.9, 2.9, 2.7, 2.7, 2.3, 2.6, 2.4, 1.8, 1.7, 1.5, 1.4, 2.1, 3.3, 3.5, 3.5, 3.1, 2.6, 2.1, 3.4, 3,
      2.9,
    ];
    const state = fitArimaOrder(lh, order(1, 0, 0, true));
    assertClose(state.coefficients.ar[0]!, 0.58599, 2e-4, 'ar1');
    assertClose(state.coefficients.mean, 2.41505, 2e-4, 'mean');
  });

  it('KPSS and the differencing tests agree with R (ur.kpss 4.540882; ndiffs 1, nsdiffs 1 on AirPassengers)', () => {
    const air = rSeries('AirPassengers');
    assertClose(kpssStatistic(air.map(Math.log)), 4.540882, 1e-5);
    assert.equal(ndiffs(air), 1);
    assert.equal(nsdiffs(air, 12), 1);
  });

  it('recovers a simulated AR(1) coefficient and picks a low order for it', () => {
    const draw = noise(11);
    const y = [0];
    for (let t = 1; t < 800; t++) y.push(0.7 * y[t - 1]! + draw());
    const fitted = fitArimaOrder(y, order(1, 0, 0, true));
    assertClose(fitted.coefficients.ar[0]!, 0.7, 0.05, 'ar1');
    const auto = autoArima.fit(y, { period: 1 });
    assert.equal(auto.order.d, 0);
    assert.ok(auto.order.p + auto.order.q <= 3, auto.model);
  });

  it('update() appends points and their one-step residuals', () => {
    const y = rSeries('USAccDeaths');
    const state = fitArimaOrder(y.slice(0, 60), { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, m: 12, constant: false });
    const updated = autoArima.update(state, y.slice(60));
    assert.equal(updated.y.length, 72);
    assert.equal(updated.e.length, 72);
    assert.deepEqual(updated.coefficients, state.coefficients);
  });
});
