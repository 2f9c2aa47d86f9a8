/**
 * Starting the embedded workspace server again after its thread ended on its
 * own (embedded-server.ts): a solo seller's desktop otherwise keeps calling a
 * port nobody listens on until the app is restarted. The tries are the
 * reconnector's loop (reconnect.ts: one at a time, full-jitter back-off);
 * this adds the policy across exits.
 *
 * Invariants:
 * - At most one restart is waiting or running at a time; exits reported
 *   meanwhile are covered by it.
 * - Back-off counts every try since the server was last healthy: a server
 *   that dies as it starts (a broken database, say) waits longer each time,
 *   up to `maxDelayMs`, instead of spinning; one that then stayed up
 *   `stableMs` counts as healthy again and the next exit starts from
 *   `firstDelayMs`.
 * - A failed try (`restart` answers 'down' or throws) is tried again;
 *   'skipped' (the app moved to a team server) ends the loop quietly; `stop`
 *   (shutdown) ends it for good.
 */
import type { Logger } from './logger';
import { Reconnector } from './reconnect';

export interface EmbeddedRestartOptions {
  /** start the server again: 'down' (or a throw) when it did not come up, 'skipped' when no longer wanted (another mode) */
  restart: () => Promise<'up' | 'down' | 'skipped'>;
  logger: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
  stableMs?: number;
  now?: () => number;
  /** the back-off's jitter (reconnect.ts); tests: () => 1, the full step */
  random?: () => number;
}

export class EmbeddedRestarter {
  private readonly loop: Reconnector;
  private stopped = false;
  /** tries since the server was last healthy */
  private tries = 0;
  private upSince: number | null = null;
  private readonly stable: number;
  private readonly now: () => number;

  constructor(private readonly o: EmbeddedRestartOptions) {
    this.stable = o.stableMs ?? 60_000;
    this.now = o.now ?? Date.now;
    this.loop = new Reconnector({
      baseMs: o.firstDelayMs ?? 1_000,
      maxMs: o.maxDelayMs ?? 60_000,
      ...(o.random ? { random: o.random } : {}),
      onError: (e) => o.logger.warn('embedded workspace server did not restart', { error: e instanceof Error ? e.message : String(e) }),
      attempt: async () => {
        if (this.stopped) return true;
        this.tries++;
        const outcome = await o.restart();
        if (outcome === 'up') {
          this.upSince = this.now();
          o.logger.info('embedded workspace server restarted');
        }
        return outcome !== 'down';
      },
    });
  }

  /** The server's thread ended on its own. */
  exited(): void {
    if (this.stopped || this.loop.isActive) return;
    if (this.upSince !== null && this.now() - this.upSince >= this.stable) this.tries = 0;
    this.upSince = null;
    this.loop.start(this.tries);
  }

  stop(): void {
    this.stopped = true;
    this.loop.stop();
  }
}
