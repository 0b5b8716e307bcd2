import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SeededRandom } from '@demand/ml';
import {
  applyPowerTransform,
  fitPowerTransform,
  fitYeoJohnson,
  yeoJohnson,
  yeoJohnsonLogLikelihood,
} from '../src/index.js';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

describe('Yeo–Johnson transform', () => {
  it('matches hand-worked values on both sides of zero', () => {
    close(yeoJohnson(3, 0.5), 2, 1e-12, '((3+1)^0.5 − 1) / 0.5');
    close(yeoJohnson(3, 0), Math.log(4), 1e-12, 'λ 0: ln(3 + 1)');
    close(yeoJohnson(-3, 0), -7.5, 1e-12, '−((1+3)^2 − 1) / 2');
    close(yeoJohnson(-3, 2), -Math.log(4), 1e-12, 'λ 2: −ln(1 + 3)');
    close(yeoJohnson(-3, 3), -0.75, 1e-12, '−((1+3)^(−1) − 1) / (−1)');
    for (const x of [-5, -0.5, 0, 0.25, 7]) close(yeoJohnson(x, 1), x, 1e-12, `λ 1 leaves ${x} as it is`);
    // Near λ 0 (and 2 for negative x) without cancellation: ((1+x)^λ − 1)/λ = ln(1+x) · (1 + λ ln(1+x) / 2 + …).
    const nearZero = 2e-9;
    close(yeoJohnson(3, nearZero), Math.log(4) * (1 + (nearZero * Math.log(4)) / 2), 1e-15, 'λ 2e-9');
    close(yeoJohnson(-3, 2 - nearZero), -Math.log(4) * (1 + (nearZero * Math.log(4)) / 2), 1e-15, 'λ 2 − 2e-9');
  });

  it('finds λ 0 for a log-normal sample and λ 1 for a normal one', () => {
    const random = new SeededRandom(3);
    // log(1 + x) = z is normal exactly when x = e^z − 1 (all positive here: z ≥ 3 − 6 × 0.5 = 0 in practice).
    const logNormal = Array.from({ length: 5000 }, () => Math.exp(3 + 0.5 * random.normal()) - 1);
    close(fitYeoJohnson(logNormal), 0, 0.05, 'λ of a log-normal sample');
    const normal = Array.from({ length: 5000 }, () => random.normal());
    close(fitYeoJohnson(normal), 1, 0.1, 'λ of a normal sample');
  });

  it('returns the λ of highest likelihood', () => {
    const random = new SeededRandom(5);
    const skewed = Array.from({ length: 2000 }, () => random.normal() ** 2);
    const best = fitYeoJohnson(skewed);
    const at = (lambda: number) => yeoJohnsonLogLikelihood(skewed, lambda);
    for (const step of [0.01, 0.1, 0.5]) {
      assert.ok(at(best) >= at(best + step) && at(best) >= at(best - step), `λ ${best} ± ${step}`);
    }
    assert.throws(() => fitYeoJohnson([1]), /at least 2 values/);
  });

  it('caps λ at 2.5, so that a later value beyond the fitted range is not raised to a high power', () => {
    const random = new SeededRandom(9);
    // A long left tail that λ 4 would make exactly normal: x = 1 − (1 + 2y)^(−1/2) for normal y in (−0.5, 0).
    const leftTailed = Array.from({ length: 3000 }, () => 1 - (1 + 2 * (-0.25 + 0.05 * random.normal())) ** -0.5);
    const lambda = fitYeoJohnson(leftTailed);
    close(lambda, 2.5, 1e-3, 'λ at the cap');
    assert.ok(yeoJohnson(1e6, lambda) < 1e15, `z 1e6 → ${yeoJohnson(1e6, lambda)} (λ 4: 2.5e23)`);
  });
});

describe('per-feature power transform', () => {
  it('transforms the z-scores of each column, leaves kept and constant columns alone', () => {
    const random = new SeededRandom(7);
    const rows = Array.from({ length: 1000 }, () => [Math.exp(random.normal()), random.normal() * 10, 0.1]);
    const fitted = fitPowerTransform(rows, (column) => column === 1);
    assert.deepEqual([fitted.center[1], fitted.scale[1], fitted.lambda[1]], [0, 1, 1], 'kept column');
    close(fitted.center[2]!, 0.1, 1e-12, 'constant column: centred');
    assert.deepEqual([fitted.scale[2], fitted.lambda[2]], [1, 1], 'constant column: not scaled nor transformed');
    assert.ok(fitted.lambda[0]! < 0.8, `a right-skewed column is pulled in (λ ${fitted.lambda[0]})`);
    const row = [...rows[0]!];
    applyPowerTransform(fitted, row);
    close(
      row[0]!,
      yeoJohnson((rows[0]![0]! - fitted.center[0]!) / fitted.scale[0]!, fitted.lambda[0]!),
      1e-12,
      'col 0',
    );
    assert.equal(row[1], rows[0]![1], 'kept column untouched');
    close(row[2]!, 0, 1e-12, 'constant column centred');
  });

  it('sees a constant column whose one-pass variance would be rounding noise as constant', () => {
    // 3000 × 0.1: sumSquares / n − mean² is 6e-16, not 0 (std 2.5e-8); λ fitted on that noise sent 0.09 to −117.
    const fitted = fitPowerTransform(
      Array.from({ length: 3000 }, () => [0.1]),
      () => false,
    );
    assert.deepEqual([fitted.scale[0], fitted.lambda[0]], [1, 1]);
    const row = [0.09];
    applyPowerTransform(fitted, row);
    close(row[0]!, 0.09 - 0.1, 1e-12, 'a nearby value stays its distance from the constant');
  });

  it('continues linearly beyond the fitted range, so that λ near −2 does not throw a later z out by |z|^4', () => {
    const random = new SeededRandom(11);
    // Sparse and right-tailed (mostly zeros, a few large values): λ goes to the lower bound.
    const rows = Array.from({ length: 1000 }, (_, i) => [i % 20 === 0 ? 10 * Math.exp(random.normal()) : 0]);
    const fitted = fitPowerTransform(rows, () => false);
    const lambda = fitted.lambda[0]!;
    assert.ok(lambda < -1.5, `λ ${lambda} near the lower bound`);
    const transformed = (x: number) => {
      const row = [x];
      applyPowerTransform(fitted, row);
      return row[0]!;
    };
    for (const [x] of rows) {
      const expected = yeoJohnson((x! - fitted.center[0]!) / fitted.scale[0]!, lambda);
      assert.equal(transformed(x!), expected, `fitted value ${x}: not moved`);
    }
    const low = fitted.low[0]!;
    const slope = (1 - low) ** (1 - lambda);
    const far = transformed(fitted.center[0]! - 50 * fitted.scale[0]!);
    close(far, yeoJohnson(low, lambda) + slope * (-50 - low), 1e-9, 'z −50: along the slope at the lowest fitted z');
    assert.ok(
      far > -100 && far < transformed(0),
      `z −50 → ${far}: below the fitted end, linearly, not by |z|^4 (−1.7e6)`,
    );
    const justBeyond = transformed(fitted.center[0]! + (low - 1e-7) * fitted.scale[0]!);
    close(justBeyond, yeoJohnson(low, lambda), 1e-6, 'continuous at the fitted end');
    // Above zero λ < 1 grows slower than z: not clamped.
    close(transformed(fitted.center[0]! + 1e6 * fitted.scale[0]!), yeoJohnson(1e6, lambda), 1e-9, 'z 1e6: as is');
    // A transform saved before the range was kept is applied unclamped, as it was fitted.
    const before = { center: fitted.center, scale: fitted.scale, lambda: fitted.lambda };
    const old = [fitted.center[0]! - 50 * fitted.scale[0]!];
    applyPowerTransform(before, old);
    close(old[0]!, yeoJohnson(-50, lambda), 1e-6 * Math.abs(old[0]!), 'no range: as before');
  });

  it('guards only the side that grows faster than z, and a near-normal column keeps a far z on both', () => {
    const random = new SeededRandom(13);
    const normal = Array.from({ length: 3000 }, () => random.normal());
    // Mirrored, λ becomes 2 − λ: one of the two columns has λ just below 1, the other just above.
    const fitted = fitPowerTransform(
      normal.map((x) => [x, -x]),
      () => false,
    );
    const [below, above] = fitted.lambda[0]! < 1 ? [0, 1] : [1, 0];
    for (const j of [below, above]) {
      const lambda = fitted.lambda[j]!;
      assert.ok(lambda !== 1 && Math.abs(lambda - 1) < 0.1, `column ${j}: λ ${lambda} near, not at, 1`);
      assert.ok(fitted.high[j]! < 5 && fitted.low[j]! > -5, `column ${j}: fitted z within ±5`);
    }
    const transformed = (j: number, z: number) => {
      const row = [0, 0];
      row[j] = fitted.center[j]! + z * fitted.scale[j]!;
      applyPowerTransform(fitted, row);
      return row[j]!;
    };
    const [lambdaBelow, lambdaAbove] = [fitted.lambda[below]!, fitted.lambda[above]!];
    close(transformed(below, 10), yeoJohnson(10, lambdaBelow), 1e-9, 'λ < 1, z 10: as is');
    close(transformed(below, 10), 10, 1, 'λ < 1, z 10: about 10');
    close(transformed(below, -10), -10, 1, 'λ < 1, z −10: about −10 (was held at the fitted end, ≈ −4)');
    close(transformed(above, -10), yeoJohnson(-10, lambdaAbove), 1e-9, 'λ > 1, z −10: as is');
    close(transformed(above, -10), -10, 1, 'λ > 1, z −10: about −10');
    close(transformed(above, 10), 10, 1, 'λ > 1, z 10: about 10 (was held at the fitted end, ≈ 4)');
    assert.ok(transformed(above, 10) < yeoJohnson(10, lambdaAbove), 'λ > 1, z 10: below the raw transform');
  });

  it('increases strictly across both ends, and past the steep one goes on along the slope at that end', () => {
    const [low, high] = [-1.5, 2];
    for (const lambda of [-2, -1, 0, 0.5, 1.5, 2, 2.5]) {
      const transform = { center: [0], scale: [1], lambda: [lambda], low: [low], high: [high] };
      const at = (z: number) => {
        const row = [z];
        applyPowerTransform(transform, row);
        return row[0]!;
      };
      for (let z = -8; z < 8; z += 0.05) assert.ok(at(z + 0.05) > at(z), `λ ${lambda}: increases at z ${z}`);
      const [end, away] = lambda < 1 ? [low, -1] : [high, 1];
      const h = 1e-5;
      const slopeAtEnd = (yeoJohnson(end + h, lambda) - yeoJohnson(end - h, lambda)) / (2 * h);
      const slopePast = at(end + 5 * away) - at(end + 4 * away);
      close(slopePast * away, slopeAtEnd, 1e-6 * slopeAtEnd, `λ ${lambda}: slope past the end at ${end}`);
    }
  });
});
