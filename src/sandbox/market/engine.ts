/**
 * Runs the living marketplace. Simulated time is cut into fixed 60-second
 * steps; crossing step k runs, for every store, order arrival and feedback
 * with rngs derived from (seed, store, k), then all timed events due by the
 * end of the step. Hence the world depends only on the total simulated time
 * elapsed (and on API writes), never on how advances were sliced.
 */
import { arriveOrders } from './orders';
import { processDuePostings } from './postings';
import { processDueReturns } from './returns';
import { feedbackStep } from './feedback';
import { actionsStep } from './actions';
import { processDueImports } from './imports';
import { financeStep } from './finance';
import type { World } from './world';
import { getMeta, setMeta } from '../db/open';

export const STEP_MS = 60_000;

export class MarketEngine {
  private storeIds: number[] = [];
  private running = false;

  constructor(private readonly w: World) {}

  init(): void {
    this.storeIds = (this.w.db.prepare('SELECT id FROM stores ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  }

  /** Last fully processed step boundary (ms). */
  private processedUntil(): number {
    return Number(getMeta(this.w.db, 'market_until') ?? '0');
  }

  /** Run every step whose end is ≤ toMs. Re-entrant calls are ignored (one runner). */
  runUntil(toMs: number): void {
    if (this.running) return;
    this.running = true;
    try {
      let from = this.processedUntil();
      if (from === 0) from = Math.floor(toMs / STEP_MS) * STEP_MS;
      const tx = this.w.db.transaction((start: number, end: number) => {
        for (let t = start + STEP_MS; t <= end; t += STEP_MS) this.step(t);
        setMeta(this.w.db, 'market_until', String(Math.floor(end / STEP_MS) * STEP_MS));
      });
      // Chunk long spans so one advance does not hold a giant transaction.
      const CHUNK = 24 * 60 * STEP_MS;
      while (from + STEP_MS <= toMs) {
        const end = Math.min(toMs, from + CHUNK);
        tx(from, end);
        from = Math.floor(end / STEP_MS) * STEP_MS;
      }
      // Timed events inside the current partial step are visible immediately.
      this.w.db.transaction(() => this.events(toMs))();
    } finally {
      this.running = false;
    }
  }

  private step(t: number): void {
    const k = t / STEP_MS;
    for (const storeId of this.storeIds) {
      arriveOrders(this.w, storeId, k, t - STEP_MS);
      feedbackStep(this.w, storeId, k, t);
      actionsStep(this.w, storeId, k, t, STEP_MS);
      financeStep(this.w, storeId, t, STEP_MS);
    }
    this.events(t);
  }

  private events(t: number): void {
    processDueImports(this.w, t);
    processDuePostings(this.w, t);
    processDueReturns(this.w, t);
  }
}
