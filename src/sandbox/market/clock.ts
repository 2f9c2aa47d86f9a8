/**
 * Simulated time. `now()` is the marketplace's time (what appears in
 * created_at, in_process_at…). It moves two ways:
 *  - automatically, timeScale simulated seconds per real second (0 = frozen);
 *  - explicitly, via advance() (tests, control API).
 * Either way the market runs every fixed step it crosses (see engine.ts), so
 * the world only depends on how far the clock moved, not on tick timing.
 *
 * The *limits clock* (rate limits, per-item limits) is wall time plus the sum
 * of explicit advances: limits are about real request pacing, yet a test that
 * advances 30 s must see the 30-second stock rule expire.
 */
export class SimClock {
  private simMs: number;
  private skewMs = 0;
  private lastReal = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    startMs: number,
    private timeScale: number,
    private readonly onAdvance: (toMs: number) => void,
  ) {
    this.simMs = startMs;
  }

  now(): number {
    return Math.floor(this.simMs);
  }

  limitsNow(): number {
    return Date.now() + this.skewMs;
  }

  scale(): number {
    return this.timeScale;
  }

  setScale(scale: number): void {
    this.sync();
    this.timeScale = scale;
  }

  /** Catch simulated time up with the real time elapsed since the last sync. */
  sync(): void {
    const real = Date.now();
    const elapsed = real - this.lastReal;
    this.lastReal = real;
    if (this.timeScale > 0 && elapsed > 0) {
      this.simMs += elapsed * this.timeScale;
      this.onAdvance(this.now());
    }
  }

  advance(seconds: number): void {
    this.sync();
    this.skewMs += seconds * 1000;
    this.simMs += seconds * 1000;
    this.onAdvance(this.now());
  }

  start(intervalMs = 250): void {
    this.timer = setInterval(() => this.sync(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
