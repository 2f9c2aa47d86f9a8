/**
 * Starting the embedded workspace server again after its thread ended on its
 * own (embedded-server.ts): a solo seller's desktop otherwise keeps calling a
 * port nobody listens on until the app is restarted.
 *
 * Invariants:
 * - At most one restart is waiting or running at a time; exits reported
 *   meanwhile are covered by it.
 * - Back-off: the first restart waits `firstDelayMs`, each further one twice
 *   the last, up to `maxDelayMs`, so a server that dies as it starts (a broken
 *   database, say) does not spin; a server that then stayed up `stableMs`
 *   counts as healthy again and the next exit waits `firstDelayMs`.
 * - A failed restart (`restart` answers 'down' or throws) is tried again on
 *   the same back-off; `stop` (shutdown, a switch to a team server) ends it.
 */
import type { Logger } from './logger';

export interface EmbeddedRestartOptions {
  /** start the server again: 'down' (or a throw) when it did not come up, 'skipped' when no longer wanted (another mode) */
  restart: () => Promise<'up' | 'down' | 'skipped'>;
  logger: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
  stableMs?: number;
  now?: () => number;
}

export class EmbeddedRestarter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = false;
  private failures = 0;
  private upSince: number | null = null;
  private readonly first: number;
  private readonly max: number;
  private readonly stable: number;
  private readonly now: () => number;

  constructor(private readonly o: EmbeddedRestartOptions) {
    this.first = o.firstDelayMs ?? 1_000;
    this.max = o.maxDelayMs ?? 60_000;
    this.stable = o.stableMs ?? 60_000;
    this.now = o.now ?? Date.now;
  }

  /** The server's thread ended on its own. */
  exited(): void {
    if (this.stopped || this.timer || this.running) return;
    if (this.upSince !== null && this.now() - this.upSince >= this.stable) this.failures = 0;
    this.upSince = null;
    this.schedule();
  }

  /** The delay before the next attempt. */
  get nextDelayMs(): number {
    return Math.min(this.max, this.first * 2 ** Math.min(20, this.failures));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const delay = this.nextDelayMs;
    this.failures++;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.attempt();
    }, delay);
    // a pending restart never keeps the process alive on its own
    this.timer.unref?.();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    let outcome: 'up' | 'down' | 'skipped' = 'down';
    try {
      outcome = await this.o.restart();
    } catch (e) {
      this.o.logger.warn('embedded workspace server did not restart', { error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.running = false;
    }
    if (this.stopped || outcome === 'skipped') return;
    if (outcome === 'up') {
      this.upSince = this.now();
      this.o.logger.info('embedded workspace server restarted');
    } else this.schedule();
  }
}
