import { SeededRandom } from '../src/random.js';

export interface LabelledSet {
  X: Float32Array[];
  y: number[];
}

/** Isotropic Gaussian blobs: `counts[k]` points around `centers[k]` with the given std. */
export function gaussianBlobs(centers: number[][], counts: number[], std: number, seed: number): LabelledSet {
  const random = new SeededRandom(seed);
  const X: Float32Array[] = [];
  const y: number[] = [];
  centers.forEach((center, k) => {
    for (let n = 0; n < counts[k]!; n++) {
      X.push(Float32Array.from(center, (c) => c + std * random.normal()));
      y.push(k);
    }
  });
  return { X, y };
}

/** Points in [−1, 1]² labelled by the side of the line x + 2y = 0, none closer than `margin`. */
export function separablePoints(count: number, margin: number, seed: number): LabelledSet {
  const random = new SeededRandom(seed);
  const X: Float32Array[] = [];
  const y: number[] = [];
  while (X.length < count) {
    const a = 2 * random.next() - 1;
    const b = 2 * random.next() - 1;
    const side = (a + 2 * b) / Math.sqrt(5);
    if (Math.abs(side) < margin) continue;
    X.push(Float32Array.of(a, b));
    y.push(side > 0 ? 1 : 0);
  }
  return { X, y };
}

export function subset(set: LabelledSet, indices: number[]): LabelledSet {
  return { X: indices.map((i) => set.X[i]!), y: indices.map((i) => set.y[i]!) };
}

export function assertClose(actual: number, expected: number, tolerance = 1e-9, what = 'value'): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
  }
}
