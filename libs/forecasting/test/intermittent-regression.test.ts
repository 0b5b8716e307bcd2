import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { createDriverRegression, createIntermittent } from '../src/index.js';
import { assertClose, noise } from './fixtures.js';

describe('Croston, SBA and TSB (hand-computed)', () => {
  const y = [0, 0, 4, 0, 2, 0, 0, 0, 6];
  // first size 4, mean interval 9/3 = 3; α = 0.5
  // demand 4 after 3 periods: size 4, interval 3; demand 2 after 2: size 3, interval 2.5;
  // demand 6 after 4: size 4.5, interval 3.25
  it('Croston smooths size and interval only when demand occurs', () => {
    const croston = createIntermittent('croston', { alpha: 0.5 });
    const state = croston.fit(y, { period: 1 });
    assertClose(state.size, 4.5);
    assertClose(state.interval, 3.25);
    assertClose(croston.forecast(state, 2).mean[1]!, 4.5 / 3.25);
  });

  it('SBA removes the bias with 1 − α/2', () => {
    const sba = createIntermittent('sba', { alpha: 0.5 });
    assertClose(sba.forecast(sba.fit(y, { period: 1 }), 1).mean[0]!, 0.75 * (4.5 / 3.25));
  });

  it('TSB decays the demand probability through zero periods', () => {
    const tsb = createIntermittent('tsb', { alpha: 0.5, beta: 0.5 });
    const state = tsb.fit([3, 0, 0], { period: 1 });
    // p starts at 1/3: after 3 → 2/3, after 0 → 1/3, after 0 → 1/6; size stays 3
    assertClose(state.probability, 1 / 6);
    assertClose(tsb.forecast(state, 1).mean[0]!, 0.5);
    const later = tsb.update(state, [0, 0]);
    assert.ok(tsb.forecast(later, 1).mean[0]! < 0.5 / 2 + 1e-12);
  });
});

describe('driver regression (known truth)', () => {
  it('recovers a Poisson demand driven by views and reports the views contribution', () => {
    const draw = noise(5);
    const n = 400;
    const views = Array.from({ length: n }, (_, t) =>
      Math.round(50 * Math.exp(0.6 * draw()) * (t % 7 === 6 ? 1.5 : 1)),
    );
    const bad = Array.from({ length: n }, () => Math.max(0, Math.round(draw())));
    const rate = views.map((v) => 0.05 * v);
    // a deterministic Poisson stand-in: the rate rounded plus noise of the right size
    const y = rate.map((r) => Math.max(0, Math.round(r + Math.sqrt(r) * draw())));
    const model = createDriverRegression({ lambda: 0.1, halfLife: 10_000 });
    const state = model.fit(y, { period: 7, drivers: { views, bad_reviews: bad } });
    const contributions = model.contributions(state, 7, {
      drivers: { views: [200, 200, 200, 200, 200, 200, 200], bad_reviews: [0, 0, 0, 0, 0, 0, 0] },
    });
    const viewEffect = contributions.find((c) => c.driver === 'views')!;
    const badEffect = contributions.find((c) => c.driver === 'bad_reviews')!;
    assert.ok(viewEffect.effectPerSd > 1.5, `views effect ${viewEffect.effectPerSd}`);
    assert.ok(Math.abs(Math.log(badEffect.effectPerSd)) < 0.1, `bad reviews effect ${badEffect.effectPerSd}`);
    assert.ok(viewEffect.contribution > 0);
    // with 200 views a day the truth is 10 units; the log1p link bends it a little
    const f = model.forecast(state, 7, [95], {
      drivers: { views: new Array(7).fill(200), bad_reviews: new Array(7).fill(0) },
    });
    assertClose(f.mean[0]!, 10, 2.5, 'forecast');
  });

  it('rejects negative demand and misaligned drivers, naming the field', () => {
    const model = createDriverRegression();
    assert.throws(() => model.fit([1, -1, 2], { period: 1 }), /values/);
    assert.throws(() => model.fit([1, 2, 3], { period: 1, drivers: { views: [1, 2] } }), /drivers\.views/);
  });
});
