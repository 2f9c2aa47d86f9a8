/**
 * One import worker per linked store: its own loop, its own OzonClient; only
 * the per-Client-Id limiter is shared, so a slow or failing store never
 * blocks another. First run: every entity in IMPORTERS order (resuming a
 * checkpoint left 'running' by a crash). Then each entity runs again when its
 * next_run_at comes (its own refresh interval).
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
    for (;;) {
      if (signal.aborted) return;
      const due = await this.nextDue();
      const wait = due ? Date.parse(due.at) - Date.now() : 60_000;
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(wait, 60_000));
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
        continue;
      }
      const ok = await this.runEntity(due!.importer, client, signal);
      if (ok === 'stop') return;
    }
  }

  /** The entity to run next: unfinished first imports (in order), else the earliest next_run_at. */
  private async nextDue(): Promise<{ importer: Importer; at: string } | null> {
    const rows = await this.deps.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', this.store.id).execute();
    const byEntity = new Map(rows.map((r) => [r.entity, r]));
    let best: { importer: Importer; at: string } | null = null;
    for (const imp of IMPORTERS) {
      const cp = byEntity.get(imp.entity);
      if (!cp || !cp.last_success_at) {
        // first import: strictly in order; a failed one waits for its retry time …
        const failed = cp?.state === 'failed' && !!cp.next_run_at;
        const at = failed ? cp.next_run_at! : nowIso();
        // … during which the entities already imported keep refreshing (a failing one never freezes the store)
        if (failed && best && best.at < at) return best;
        return { importer: imp, at };
      }
      const at = cp.next_run_at ?? nowIso();
      if (!best || at < best.at) best = { importer: imp, at };
    }
    return best;
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
      scope: { workspaceId: this.store.workspace_id, storeId, runId },
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
