interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets per key: `perSecond` calls a second on average, bursts up to one second's worth. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /** Takes one call's token for `key`; false when the key has used up its rate. */
  take(key: string, perSecond: number): boolean {
    const now = this.nowMs();
    const capacity = Math.max(1, perSecond);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
