/**
 * Request pacing. A sliding-window gate admits at most `max` requests in any
 * `windowMs` (+ margin) window, FIFO. Ozon counts requests in windows, so a
 * token bucket with a burst could put bucket+refill requests into one window
 * and earn a 429; a window log cannot. The margin absorbs the difference
 * between when we send and when Ozon counts (network jitter). Requests are
 * also spaced at least windowMs/max apart: a burst of `max` at once would
 * reach Ozon spread over connection set-up time while the next window's
 * requests on warm connections arrive at once, squeezing more than `max`
 * into Ozon's window.
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

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly marginMs: number,
    private readonly now: () => number = Date.now,
  ) {}

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
        const span = this.windowMs + this.marginMs;
        while (this.hits.length && this.hits[0]! <= t - span) this.hits.shift();
        const last = this.hits[this.hits.length - 1];
        const spacing = last === undefined ? 0 : last + this.windowMs / this.max - t;
        const wait = Math.max(this.pausedUntil - t, spacing, this.hits.length >= this.max ? this.hits[0]! + span - t : 0);
        if (wait <= 0) {
          this.hits.push(t);
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

  /** requests admitted within the current window (for tests and metrics) */
  inWindow(): number {
    const t = this.now();
    return this.hits.filter((h) => h > t - this.windowMs - this.marginMs).length;
  }
}
