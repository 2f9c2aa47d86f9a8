/**
 * Work that must not delay or shape a response (e.g. the forgot-password
 * email, whose timing would reveal whether an account exists). Shutdown waits
 * for pending tasks so nothing is lost on graceful stop.
 */
import type { FastifyBaseLogger } from 'fastify';

export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();
  constructor(private readonly log: FastifyBaseLogger) {}

  run(name: string, fn: () => Promise<void>): void {
    const p = (async () => {
      try {
        await fn();
      } catch (err) {
        this.log.error({ err, task: name }, 'background task failed');
      }
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
