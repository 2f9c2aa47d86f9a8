/**
 * One import worker per linked store: its own loop, its own OzonClient; only
 * the per-Client-Id limiter is shared, so a slow or failing store never
 * blocks another. First run: every entity (resuming a checkpoint left
 * 'running' by a crash), up to ENTITY_CONCURRENCY at once in IMPORTERS
 * order, an entity only after those it reads (Importer.after) have
 * completed once. Independent cursor-paged reads thus overlap: one entity's
 * sequential awaits (page → DB write → next page) leave the per-Client-Id
 * budget to the others, and the limiter paces them all. Then each entity
 * runs again when its next_run_at comes (its own refresh interval).
 *
 * A key failure (invalid/expired/revoked) stops the worker and marks the
 * store; POST /stores/:id/check restarts it once the key works again.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { ImportEntity, ResolvedOzonConfig } from '../config';
import type { DB, ImportCheckpointsTable, StoresTable } from '../db/schema';
import { isoIn, newId, nowIso } from '../db/ids';
import { isOzonError } from '../ozon/errors';
import { sleep } from '../ozon/gate';
import type { OzonClient } from '../ozon/client';
import type { PerformanceClient } from '../ozon/performance/client';
import { loadCheckpoint, saveCheckpoint } from './checkpoints';
import { IMPORTERS } from './importers';
import { ImportError, type Importer, type Progress, type RunContext } from './importers/context';

export interface WorkerDeps {
  db: Kysely<DB>;
  config: ResolvedOzonConfig;
  log: FastifyBaseLogger;
  client: () => Promise<OzonClient>;
  /** the store's Performance API client (cached, token shared), or null without Performance credentials */
  performance?: () => Promise<PerformanceClient | null>;
  /** records a key failure on the store; returns the error code */
  keyFailure: (storeId: string, e: unknown) => Promise<string>;
}

const FAILURE_RETRY_S = 30;
/**
 * Entities of one store running at once. Enough to keep the 50 req/s budget
 * busy while products (the bulk: one description call per product) runs;
 * more would only queue in the limiter and stretch every entity's run.
 */
const ENTITY_CONCURRENCY = 4;

export class StoreWorker {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly store: Pick<StoresTable, 'id' | 'workspace_id' | 'client_id'>,
    private readonly deps: WorkerDeps,
  ) {}

  start(): void {
    this.loop ??= this.run().catch((e) => {
      if (!this.abort.signal.aborted) this.deps.log.error({ storeId: this.store.id, err: e }, 'import worker crashed');
    });
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('worker stopped'));
    this.wake?.();
    await this.loop;
  }

  /** Run the entity now (after its current run, if any). */
  async runNow(entity: ImportEntity): Promise<void> {
    await saveCheckpoint(this.deps.db, this.store.id, entity, { next_run_at: nowIso() });
    this.wake?.();
  }

  private async run(): Promise<void> {
    const client = await this.deps.client();
    const signal = this.abort.signal;
    const running = new Map<ImportEntity, Promise<void>>();
    // bumped when a run ends: a run ending between nextDue() and the sleep must not be slept through
    let ended = 0;
    while (!signal.aborted) {
      const seen = ended;
      const { due, nextAt } = await this.nextDue(new Set(running.keys()));
      for (const imp of due.slice(0, ENTITY_CONCURRENCY - running.size)) {
        const run = this.runEntity(imp, client, signal)
          .then((r) => {
            // a key failure stops the worker: the other runs end as aborted, their checkpoints resumable
            if (r === 'stop' && !signal.aborted) this.abort.abort(new Error('worker stopped: key failure'));
          })
          .finally(() => {
            running.delete(imp.entity);
            ended++;
            this.wake?.();
          });
        running.set(imp.entity, run);
      }
      if (signal.aborted || ended !== seen) continue;
      // sleep until a run ends (due entities left over at capacity start then), a wake (runNow) or the next due time
      const wait = nextAt ? Date.parse(nextAt) - Date.now() : 60_000;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, Math.min(wait, 60_000)));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
    await Promise.all(running.values());
  }

  /**
   * Entities due now (not running; in IMPORTERS order) and the earliest later
   * due time. An entity whose `after` entities have not completed once waits
   * for them; a failed first import waits for its retry time, while the
   * entities already imported keep refreshing (a failing one never freezes the store).
   */
  private async nextDue(running: Set<ImportEntity>): Promise<{ due: Importer[]; nextAt: string | null }> {
    const rows = await this.deps.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', this.store.id).execute();
    const byEntity = new Map(rows.map((r) => [r.entity, r]));
    const now = nowIso();
    const due: Importer[] = [];
    let nextAt: string | null = null;
    for (const imp of IMPORTERS) {
      if (running.has(imp.entity)) continue;
      if ((imp.after ?? []).some((e) => !byEntity.get(e)?.last_success_at)) continue;
      const cp = byEntity.get(imp.entity);
      const firstFailed = !!cp && !cp.last_success_at && cp.state === 'failed' && !!cp.next_run_at;
      const at = !cp || (!cp.last_success_at && !firstFailed) ? now : (cp.next_run_at ?? now);
      if (at <= now) due.push(imp);
      else if (!nextAt || at < nextAt) nextAt = at;
    }
    return { due, nextAt };
  }

  private async runEntity(imp: Importer, client: OzonClient, signal: AbortSignal): Promise<'ok' | 'failed' | 'stop'> {
    const { db, config, log } = this.deps;
    const storeId = this.store.id;
    const prev = await loadCheckpoint(db, storeId, imp.entity);
    const resume = !!prev && (prev.state === 'running' || prev.state === 'failed') && !!prev.run_id;
    const startedAt = resume && prev.started_at ? prev.started_at : nowIso();
    const mode: 'full' | 'incremental' = prev?.last_success_at ? 'incremental' : 'full';
    const runId = resume ? prev.run_id! : newId();
    const base: Partial<ImportCheckpointsTable> = resume
      ? { state: 'running', error: null, mode }
      : { state: 'running', run_id: runId, mode, cursor: null, phase: null, done: 0, total: null, started_at: startedAt, finished_at: null, error: null };
    await saveCheckpoint(db, storeId, imp.entity, base);
    const ctx: RunContext = {
      db,
      client,
      scope: { workspaceId: this.store.workspace_id, storeId, runId, startedAt },
      mode,
      cursor: resume ? prev.cursor : null,
      phase: resume ? prev.phase : null,
      done: resume ? prev.done : 0,
      total: resume ? prev.total : null,
      lastSuccessAt: prev?.last_success_at ?? null,
      startedAt,
      signal,
      config,
      log,
      performance: this.deps.performance ?? (async () => null),
      commit: async (write, progress: Progress) => {
        if (signal.aborted) throw signal.reason;
        await db.transaction().execute(async (trx: Transaction<DB>) => {
          if (write) await write(trx);
          await saveCheckpoint(trx, storeId, imp.entity, progress);
        });
        if (progress.cursor !== undefined) ctx.cursor = progress.cursor;
        if (progress.phase !== undefined) ctx.phase = progress.phase;
        if (progress.done !== undefined) ctx.done = progress.done;
        if (progress.total !== undefined) ctx.total = progress.total;
      },
    };
    const t0 = Date.now();
    try {
      await imp.run(ctx);
      const at = nowIso();
      await saveCheckpoint(db, storeId, imp.entity, {
        state: 'done',
        mode: 'incremental',
        cursor: null,
        phase: null,
        finished_at: at,
        // the next incremental window starts where this run STARTED: changes during the run are not missed
        last_success_at: startedAt,
        next_run_at: isoIn(config.refreshSeconds[imp.entity]),
        error: null,
      });
      log.info({ storeId, entity: imp.entity, mode, done: ctx.done, ms: Date.now() - t0 }, 'import finished');
      return 'ok';
    } catch (e) {
      if (signal.aborted) return 'stop'; // checkpoint stays 'running': the next start resumes it
      let code = 'INTERNAL';
      let stop = false;
      if (e instanceof ImportError) code = e.code;
      else if (isOzonError(e)) {
        if (e.isAuth) {
          code = await this.deps.keyFailure(storeId, e);
          stop = true;
        } else code = e.kind === 'rate_limited' ? 'OZON_RATE_LIMITED' : e.kind === 'rejected' || e.kind === 'bad_response' ? 'OZON_REQUEST_REJECTED' : 'OZON_UNREACHABLE';
      }
      log.warn({ storeId, entity: imp.entity, problem: code, err: isOzonError(e) ? e.message : String(e) }, 'import failed');
      await saveCheckpoint(db, storeId, imp.entity, { state: 'failed', error: code, next_run_at: isoIn(Math.min(FAILURE_RETRY_S, config.refreshSeconds[imp.entity])) });
      if (stop) return 'stop';
      await sleep(10, signal).catch(() => undefined);
      return 'failed';
    }
  }
}
