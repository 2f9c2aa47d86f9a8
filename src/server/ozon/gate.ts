/**
 * Request pacing. A sliding-window gate admits at most `max` requests in any
 * `windowMs + marginMs / 2` window (by send time; the hard cap), FIFO. Ozon counts requests in
 * windows, so a token bucket with a burst could put bucket+refill requests
 * into one window and earn a 429; a window log cannot. The margin absorbs the
 * difference between when we send and when Ozon counts (network jitter,
 * event-loop stalls); it starts small and widens after each 429 (widen()), so
 * steady state runs close to the limit without 429s.
 *
 * Requests are also spaced evenly, (windowMs + marginMs) / max apart, on a
 * theoretical schedule (GCRA): a timer that fires a millisecond late does not
 * push every later slot back (that lateness used to cost ~5% of the rate),
 * and a burst of `max` at once never happens (it would reach Ozon spread over
 * connection set-up while the next window's requests on warm connections
 * arrive at once, squeezing more than `max` into Ozon's window).
 *
 * Throughput in steady state = max / (windowMs + marginMs): 50 / 1.12 s =
 * 0.89 of Ozon's 50 req/s with the default 120 ms margin (it was 50 / 1.2 s =
 * 0.83 with a fixed 200 ms margin plus accumulated timer lateness; 60 ms, 0.94,
 * left too little for a stall of a loaded process).
 */

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class SlidingWindowGate {
  private readonly hits: number[] = [];
  private tail: Promise<void> = Promise.resolve();
  /** no admission before this time (set after a 429 to stop hammering) */
  private pausedUntil = 0;
  /** theoretical time of the next admission (even spacing) */
  private tat = 0;
  private margin: number;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    marginMs: number,
    private readonly now: () => number = Date.now,
    /** widen() never goes past this (default windowMs / 4) */
    private readonly maxMarginMs: number = Math.max(marginMs, windowMs / 4),
  ) {
    this.margin = marginMs;
  }

  get marginMs(): number {
    return this.margin;
  }

  /** Waits for a slot and takes it. FIFO: earlier callers are admitted first. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise((r) => (release = r));
    try {
      await prev;
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const t = this.now();
        // hard cap: never `max` sends within windowMs + margin/2; the spacing below keeps the
        // other half of the margin free, so timer lateness does not compound through this cap
        const hard = this.windowMs + this.margin / 2;
        while (this.hits.length && this.hits[0]! <= t - hard) this.hits.shift();
        const interval = (this.windowMs + this.margin) / this.max;
        // half an interval of slack either way: timer lateness is forgiven, not compounded
        const slack = interval / 2;
        const spacing = this.tat - slack - t;
        const full = this.hits.length >= this.max ? this.hits[this.hits.length - this.max]! + hard - t : 0;
        const wait = Math.max(this.pausedUntil - t, spacing, full);
        if (wait <= 0) {
          this.hits.push(t);
          // keeping up (within the slack): the schedule advances by one interval; idle or far behind: restart it at now
          this.tat = (t - this.tat > slack ? t : this.tat) + interval;
          return;
        }
        await sleep(wait, signal);
      }
    } finally {
      release();
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** After a 429 on this window: Ozon counted more than we did, so leave more room (×1.5 + 20 ms, capped). */
  widen(): void {
    this.margin = Math.min(this.maxMarginMs, Math.round(this.margin * 1.5 + 20));
  }

  /** requests admitted within the current window (for tests and metrics) */
  inWindow(): number {
    const t = this.now();
    return this.hits.filter((h) => h > t - this.windowMs - this.margin / 2).length;
  }
}
