/**
 * Background reconnection while signed in offline: tries `attempt` with
 * full-jitter back-off until it reports done (online again, or the session
 * ended). One attempt runs at a time; `kick` runs one now (a refresh that
 * succeeded elsewhere, a person's action) instead of waiting for the timer.
 */
export interface ReconnectorOptions {
  /** true when there is nothing left to do */
  attempt(): Promise<boolean>;
  /** first delay cap; doubles per failed attempt */
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
  onError?(e: unknown): void;
}

export class Reconnector {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private attempts = 0;
  private active = false;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(private readonly opts: ReconnectorOptions) {
    this.baseMs = opts.baseMs ?? 1000;
    this.maxMs = opts.maxMs ?? 15_000;
    this.random = opts.random ?? Math.random;
  }

  get isActive(): boolean {
    return this.active;
  }

  /**
   * Begin trying (no-op when already trying). The first attempt waits one
   * back-off step: the step after `attempts` earlier failures (0: the first).
   */
  start(attempts = 0): void {
    if (this.active) return;
    this.active = true;
    this.attempts = attempts;
    this.schedule();
  }

  /** Try now; starts the loop when it was idle. */
  kick(): Promise<void> {
    this.active = true;
    return this.runNow();
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** ms until the next attempt after `attempts` failures: random(250, min(max, base·2^attempts)) */
  delayMs(attempts: number): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(20, attempts));
    return Math.max(Math.min(250, cap), Math.floor(this.random() * cap));
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow();
    }, this.delayMs(this.attempts));
    this.timer.unref?.();
  }

  private runNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = (async () => {
      let done = false;
      do {
        this.again = false;
        try {
          done = await this.opts.attempt();
        } catch (e) {
          this.opts.onError?.(e);
          done = false;
        }
      } while (!done && this.again && this.active);
      this.running = null;
      if (done) this.stop();
      else {
        this.attempts++;
        this.schedule();
      }
    })();
    this.running = p;
    return p;
  }
}
