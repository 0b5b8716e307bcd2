export type ReadinessCheck = () => boolean | Promise<boolean>;

/**
 * Named checks that must all pass before a service is ready to take traffic, and named details
 * that say what state it is in without gating traffic (e.g. "serving the cold list").
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly details = new Map<string, () => unknown>();

  /** `detail` says more than ready or not (e.g. which model versions serve); /readyz shows it. */
  register(name: string, check: ReadinessCheck, detail?: () => string): void {
    this.checks.set(name, check);
    if (detail) this.details.set(name, detail);
  }

  /** Reported under `detail` by /readyz; never makes the service unready. */
  describe(name: string, detail: () => unknown): void {
    this.details.set(name, detail);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, boolean>; detail?: Record<string, unknown> }> {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = await check();
      } catch {
        checks[name] = false;
      }
    }
    const ready = Object.values(checks).every(Boolean);
    if (this.details.size === 0) return { ready, checks };
    return { ready, checks, detail: Object.fromEntries([...this.details].map(([name, d]) => [name, d()])) };
  }
}
