/**
 * Rate limiting behind an interface so a shared store (Redis, PostgreSQL) can
 * replace the in-memory one when several server processes run. Sliding-window
 * log: exact counts, memory bounded by max hits per key.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** ms until one more hit would be allowed (0 when allowed) */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Records a hit for `key` if allowed (refused hits are not recorded). */
  hit(key: string, max: number, windowMs: number): Promise<RateLimitResult>;
  close(): void;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;
  private maxWindowMs = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async hit(key: string, max: number, windowMs: number): Promise<RateLimitResult> {
    return this.hitSync(key, max, windowMs);
  }

  hitSync(key: string, max: number, windowMs: number): RateLimitResult {
    this.maxWindowMs = Math.max(this.maxWindowMs, windowMs);
    const now = this.now();
    const cutoff = now - windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length >= max) {
      this.hits.set(key, list);
      const oldestRelevant = list[list.length - max]!;
      return { allowed: false, retryAfterMs: Math.max(1, oldestRelevant + windowMs - now) };
    }
    list.push(now);
    this.hits.set(key, list);
    return { allowed: true, retryAfterMs: 0 };
  }

  private sweep(): void {
    const cutoff = this.now() - this.maxWindowMs;
    for (const [key, list] of this.hits) {
      if (!list.length || list[list.length - 1]! <= cutoff) this.hits.delete(key);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.hits.clear();
  }
}
