export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015) with bias correction:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  θ ← θ − lr · m̂ / (√v̂ + ε)
 */
export class Adam {
  private readonly firstMoment: Float64Array;
  private readonly secondMoment: Float64Array;
  private steps = 0;
  private readonly learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(size: number, options: AdamOptions) {
    this.firstMoment = new Float64Array(size);
    this.secondMoment = new Float64Array(size);
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  step(theta: Float64Array, gradient: Float64Array): void {
    this.steps++;
    const { beta1, beta2, epsilon, learningRate } = this;
    const correction1 = 1 - beta1 ** this.steps;
    const correction2 = 1 - beta2 ** this.steps;
    for (let p = 0; p < theta.length; p++) {
      const g = gradient[p]!;
      const m = beta1 * this.firstMoment[p]! + (1 - beta1) * g;
      const v = beta2 * this.secondMoment[p]! + (1 - beta2) * g * g;
      this.firstMoment[p] = m;
      this.secondMoment[p] = v;
      theta[p] = theta[p]! - (learningRate * (m / correction1)) / (Math.sqrt(v / correction2) + epsilon);
    }
  }
}
