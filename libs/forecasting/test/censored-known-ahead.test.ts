import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { autoForecast, driverRegression, imputeCensored } from '../src/index.js';

describe('imputeCensored (stock-out days)', () => {
  it('replaces a censored point by the mean of the same weekday over the uncensored past seasons', () => {
    const y = [10, 1, 1, 1, 1, 1, 1, 14, 1, 1, 1, 1, 1, 1, 0, 1];
    const censored = y.map((_, t) => t === 14);
    const out = imputeCensored(y, censored, 7);
    assert.equal(out[14], (10 + 14) / 2);
    assert.deepEqual(
      out.filter((_, t) => t !== 14),
      y.filter((_, t) => t !== 14),
    );
  });

  it('skips censored seasons and falls back to the recent uncensored mean, then 0', () => {
    const y = [4, 6, 0, 0];
    assert.deepEqual(imputeCensored(y, [false, false, true, true], 2), [4, 6, 4, 6]);
    assert.deepEqual(imputeCensored(y, [false, false, true, true], 1), [4, 6, 5, 5]);
    assert.deepEqual(imputeCensored([0, 0], [true, true], 7), [0, 0]);
    assert.throws(() => imputeCensored([1, 2], [true], 7), /one flag per point/);
  });
});

describe('autoForecast driversKnownAhead by name', () => {
  // Demand follows views closely; a promotion flag is unrelated. Only when views are declared
  // known ahead may the backtest use their realised values.
  const n = 140;
  const views = Array.from({ length: n }, (_, t) => 50 + 45 * Math.sin(t * 1.7) + ((t * 13) % 7));
  const promo = Array.from({ length: n }, (_, t) => (t % 30 === 0 ? 1 : 0));
  const y = views.map((v) => Math.round(v / 5));
  const regressionMase = (known: boolean | string[]) =>
    autoForecast(y, {
      period: 7,
      h: 14,
      methods: [driverRegression],
      combinations: [],
      drivers: { views, promo },
      driversKnownAhead: known,
    }).backtest.find((b) => b.name === 'regression')!.mase;

  it('gives the backtest realised values of the named drivers only', () => {
    const all = regressionMase(true);
    const viewsKnown = regressionMase(['views']);
    const promoOnly = regressionMase(['promo']);
    assert.ok(promoOnly > 2 * all, `promo only ${promoOnly} vs all known ${all}`);
    assert.ok(promoOnly > 2 * viewsKnown, `promo only ${promoOnly} vs views known ${viewsKnown}`);
    const none = regressionMase(false);
    assert.ok(none > 2 * viewsKnown, `none known ${none} vs views known ${viewsKnown}`);
    assert.ok(Math.abs(promoOnly - none) < 0.2 * none, `promo only ${promoOnly} vs none known ${none}`);
  });
});
