/**
 * Sliding-window rate limiters on the limits clock (see market/clock.ts).
 * Ozon: 50 requests/s per Client-Id across all methods, plus per-method
 * limits (/v2/products/stocks 80/min, /v1/analytics/data 1/min, …). A request
 * refused with 429 does not consume quota.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records a hit and returns true if allowed; false (nothing recorded) when over the limit. */
  take(key: string, now: number): boolean {
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    while (list.length && list[0]! <= now - this.windowMs) list.shift();
    if (list.length >= this.max) return false;
    list.push(now);
    return true;
  }

  /** Milliseconds until the next hit would be allowed. */
  retryAfter(key: string, now: number): number {
    const list = this.hits.get(key);
    if (!list || list.length < this.max) return 0;
    return Math.max(0, list[0]! + this.windowMs - now);
  }

  reset(): void {
    this.hits.clear();
  }
}

/** Per-method limits documented in the spec / README. */
export const METHOD_LIMITS: Record<string, { max: number; windowMs: number; message: string }> = {
  '/v2/products/stocks': { max: 80, windowMs: 60_000, message: 'You have reached request rate limit per minute' },
  '/v1/analytics/data': { max: 1, windowMs: 60_000, message: 'You have reached request rate limit per minute' },
  '/v1/warehouse/list': { max: 1, windowMs: 60_000, message: 'You have reached request rate limit per minute' },
};

export const GLOBAL_LIMIT = { max: 50, windowMs: 1000 };
