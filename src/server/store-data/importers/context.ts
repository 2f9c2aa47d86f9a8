/** What an entity importer gets for one run, and the importer shape. */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { ImportEntity, ResolvedOzonConfig } from '../../config';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import type { PerformanceClient } from '../../ozon/performance/client';

export interface Progress {
  cursor?: string | null;
  phase?: string | null;
  done?: number;
  total?: number | null;
}

export interface RunContext {
  db: Kysely<DB>;
  client: OzonClient;
  scope: { workspaceId: string; storeId: string; runId: string; startedAt?: string };
  /** 'full' until the entity has completed once */
  mode: 'full' | 'incremental';
  /** resumed state (null cursor/phase at the start of a fresh run) */
  cursor: string | null;
  phase: string | null;
  done: number;
  total: number | null;
  /** when the previous run finished successfully */
  lastSuccessAt: string | null;
  /** when this run started (first attempt, kept across resumes) */
  startedAt: string;
  signal: AbortSignal;
  config: ResolvedOzonConfig;
  log: FastifyBaseLogger;
  /** the store's Performance (ads) API client; null when the store has no Performance credentials */
  performance(): Promise<PerformanceClient | null>;
  /** writes a page and its checkpoint in one transaction; updates this context's progress */
  commit(write: ((trx: Transaction<DB>) => Promise<void>) | null, progress: Progress): Promise<void>;
}

/** A failure with its own checkpoint error code (not a Seller API key problem: the worker keeps running). */
export class ImportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface Importer {
  entity: ImportEntity;
  /** entities whose rows this one reads: its first run waits until they have completed once */
  after?: ImportEntity[];
  run(ctx: RunContext): Promise<void>;
}

/** Runs fn over items with at most `limit` in flight (the client's limiter does the pacing). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
