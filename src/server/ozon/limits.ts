/**
 * Ozon's documented limits (spec + ../shared/ozon-api/README.md) and the
 * per-Client-Id limiter shared by every store worker and job of the process.
 *
 * - 50 requests/s per Client-Id across all methods;
 * - /v2/products/stocks 80 requests/min, 100 pairs a request, a pair ≤ once/30 s;
 * - /v1/product/import/prices 1000 items a request, a product's price ≤ 10 changes/hour;
 * - /v3/product/import 100 items a request; /v1/analytics/data 1 request/min;
 * - /v2/posting/fbs/package-label ≤ 20 postings a call.
 */
import { SlidingWindowGate } from './gate';

export const OZON_LIMITS = {
  perClientPerSecond: 50,
  stocksPerRequest: 100,
  stockPairIntervalMs: 30_000,
  pricesPerRequest: 1000,
  priceChangesPerHour: 10,
  productImportPerRequest: 100,
  labelsPerRequest: 20,
} as const;

/** Per-endpoint request windows on top of the global one. */
export const ENDPOINT_WINDOWS: Record<string, { max: number; windowMs: number }> = {
  '/v2/products/stocks': { max: 80, windowMs: 60_000 },
  '/v1/analytics/data': { max: 1, windowMs: 60_000 },
  '/v1/warehouse/list': { max: 1, windowMs: 60_000 },
};

export interface LimiterOptions {
  /**
   * extra milliseconds added to every window at first (network jitter, event-loop stalls between admission and send);
   * default 120 for 1 s windows (widened after a 429), 1000 for minutes. 60 ms let a CI import meet a 429: one stall of
   * the loaded process delayed an early request past the margin, so 51 arrived within Ozon's second
   */
  marginMs?: number;
  /** requests per second to allow per Client-Id (default Ozon's 50; the margin makes it ≈ 0.89 effective) */
  globalPerSecond?: number;
}

/** One per process: keyed by Client-Id so two stores never share a budget and one store's two workers always do. */
export class OzonLimiter {
  private readonly global = new Map<string, SlidingWindowGate>();
  private readonly endpoints = new Map<string, SlidingWindowGate>();

  constructor(private readonly opts: LimiterOptions = {}) {}

  private margin(windowMs: number): number {
    return this.opts.marginMs ?? (windowMs <= 1000 ? 120 : 1000);
  }

  globalGate(clientId: string): SlidingWindowGate {
    let g = this.global.get(clientId);
    if (!g) {
      g = new SlidingWindowGate(this.opts.globalPerSecond ?? OZON_LIMITS.perClientPerSecond, 1000, this.margin(1000));
      this.global.set(clientId, g);
    }
    return g;
  }

  endpointGate(clientId: string, path: string): SlidingWindowGate | null {
    const w = ENDPOINT_WINDOWS[path];
    if (!w) return null;
    const key = `${clientId} ${path}`;
    let g = this.endpoints.get(key);
    if (!g) {
      g = new SlidingWindowGate(w.max, w.windowMs, this.margin(w.windowMs));
      this.endpoints.set(key, g);
    }
    return g;
  }

  /** Endpoint window first (so a minute-limited call does not hold a per-second slot while it waits), then the global one. */
  async acquire(clientId: string, path: string, signal?: AbortSignal): Promise<void> {
    await this.endpointGate(clientId, path)?.acquire(signal);
    await this.globalGate(clientId).acquire(signal);
  }

  /**
   * After a 429: hold every request of this Client-Id (and endpoint) for `ms`,
   * and widen the window that refused (the per-minute one when the endpoint
   * has one, else the per-second one) so steady state stays under Ozon's count.
   */
  backOff(clientId: string, path: string, ms: number): void {
    const ep = this.endpointGate(clientId, path);
    ep?.pause(ms);
    const global = this.globalGate(clientId);
    global.pause(Math.min(ms, 1000));
    (ep ?? global).widen();
  }
}
