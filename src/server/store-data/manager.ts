/**
 * Owns the per-store import workers of this server process: starts one per
 * active store at boot and on link, stops it on unlink and at shutdown.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { ImportStatus } from '../../shared/http/stores';
import { IMPORT_ENTITIES, type ImportEntity, type ResolvedOzonConfig } from '../config';
import type { DB, StoresTable } from '../db/schema';
import { PerformanceClient, PerformanceLimiter } from '../ozon/performance/client';
import type { StoreService } from '../stores/service';
import { listCheckpoints } from './checkpoints';
import { StoreWorker } from './worker';

export class ImportManager {
  private readonly workers = new Map<string, StoreWorker>();
  /** Performance API clients per store (their token is cached inside); dropped with the worker */
  private readonly perfClients = new Map<string, Promise<PerformanceClient | null>>();
  private readonly perfLimiter: PerformanceLimiter;
  private stopped = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly stores: StoreService,
    private readonly config: ResolvedOzonConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.perfLimiter = new PerformanceLimiter(config.performancePerSecond);
  }

  /** The store's Performance client from its optional vault credentials (null without them). */
  performanceFor(store: Pick<StoresTable, 'id' | 'key_ref' | 'endpoint_kind' | 'endpoint_url'>): Promise<PerformanceClient | null> {
    const storeId = store.id;
    let p = this.perfClients.get(storeId);
    if (!p) {
      p = this.stores.secretsFor(store).then((s) => {
        if (!s?.performance) return null;
        const observe = this.config.onPerformanceExchange;
        return new PerformanceClient({
          // a sandbox store's ads API is its sandbox (one port serves both); otherwise Ozon's
          baseUrl: this.stores.performanceUrlFor(store),
          clientId: s.performance.clientId,
          clientSecret: s.performance.clientSecret,
          limiter: this.perfLimiter,
          log: this.log,
          timeoutMs: this.config.timeoutMs,
          retry: this.config.retry,
          onExchange: observe,
        });
      });
      p.catch(() => this.perfClients.delete(storeId));
      this.perfClients.set(storeId, p);
    }
    return p;
  }

  async startAll(): Promise<void> {
    const rows = await this.db.selectFrom('stores').selectAll().where('status', 'in', ['active', 'unreachable']).execute();
    for (const r of rows) this.start(r);
  }

  start(store: StoresTable): void {
    if (this.stopped || this.workers.has(store.id)) return;
    const w = new StoreWorker(store, {
      db: this.db,
      config: this.config,
      log: this.log,
      client: () => this.stores.clientFor(store),
      performance: () => this.performanceFor(store),
      keyFailure: async (storeId, e) => {
        const code = await this.stores.markKeyFailure(storeId, e);
        this.workers.delete(storeId);
        return code;
      },
    });
    this.workers.set(store.id, w);
    w.start();
  }

  async stop(storeId: string): Promise<void> {
    const w = this.workers.get(storeId);
    this.workers.delete(storeId);
    this.perfClients.delete(storeId);
    await w?.stop();
  }

  async restart(store: StoresTable): Promise<void> {
    await this.stop(store.id);
    this.start(store);
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(all.map((w) => w.stop()));
  }

  isRunning(storeId: string): boolean {
    return this.workers.has(storeId);
  }

  async runNow(storeId: string, entity: ImportEntity): Promise<void> {
    await this.workers.get(storeId)?.runNow(entity);
  }

  async status(storeId: string): Promise<ImportStatus> {
    const rows = await listCheckpoints(this.db, storeId);
    const by = new Map(rows.map((r) => [r.entity, r]));
    const entities = IMPORT_ENTITIES.map((entity) => {
      const r = by.get(entity);
      return {
        entity,
        mode: (r?.last_success_at ? 'incremental' : 'full') as 'full' | 'incremental',
        state: (r?.state ?? 'pending') as 'pending' | 'running' | 'done' | 'failed',
        done: r?.done ?? 0,
        total: r?.total ?? null,
        startedAt: r?.started_at ?? null,
        finishedAt: r?.finished_at ?? null,
        lastSuccessAt: r?.last_success_at ?? null,
        nextRunAt: r?.next_run_at ?? null,
        error: r?.error ?? null,
      };
    });
    return { storeId, firstImportDone: entities.every((e) => e.lastSuccessAt !== null), entities };
  }
}
