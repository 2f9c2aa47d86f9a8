import type { Change, Mutation, MutationResult } from '../../shared/sync/protocol';
import type { EditableEntity } from '../../shared/sync/protocol';
import { ActionOutbox } from './action-outbox';
import { DEFAULT_WAL_PAGES, PageApplier, type ApplyOptions } from './apply';
import { openCacheDb, type CacheDb, type OpenCacheDbOptions } from './db';
import { indexesDeferred, restoreNextIndex } from './deferred-indexes';
import { EffectiveRows, type LocalState, type OutboxEntry, type OutboxState, type Row } from './effective';
import { Outbox } from './outbox';
import { ProductUpdates } from './product-update';
import type { SqlValue } from './rows';
import { prepareSimple, prepareStatements, type Statements } from './statements';

export type { LocalState, OutboxEntry, OutboxState, SqlValue };

/** Memory-mapped reads while deferred indexes are rebuilt (address space, not memory: pages stay the OS's). */
const REBUILD_MMAP_BYTES = 2 ** 31;

/**
 * The local cache of one signed-in workspace: the mirror of the server's
 * store data, the pull cursor and the durable outbox. Synchronous
 * (better-sqlite3); every multi-row write is one transaction.
 *
 * This class is the one entry point; the work lives by concern in
 * apply.ts (pulled pages), effective.ts (server rows + local edits) and
 * outbox.ts (local edits and their sending).
 */
export class Cache {
  readonly db: CacheDb;
  private readonly st: Statements;
  private readonly rows: EffectiveRows;
  private readonly applier: PageApplier;
  private readonly outbox: Outbox;
  /** queued commands (ship, reply, archive…): action-outbox.ts */
  readonly actions: ActionOutbox;
  private closed = false;

  constructor(
    readonly file: string,
    opts: OpenCacheDbOptions = {},
  ) {
    this.db = openCacheDb(file, opts);
    this.st = prepareStatements(this.db);
    this.rows = new EffectiveRows(this.st, new ProductUpdates(this.db));
    this.applier = new PageApplier(this.db, this.st, prepareSimple(this.db), this.rows, (k, v) => this.setMeta(k, v));
    this.outbox = new Outbox(this.db, this.st, this.rows);
    this.actions = new ActionOutbox(this.db);
    // a first sync that stopped half way (crash, quit) left the search index behind: complete it now
    this.applier.rebuildSearch();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      /* best effort */
    }
    this.db.close();
  }

  /**
   * Refresh the planner's statistics (after a large first sync): every table
   * is checked (0x10000), and each ANALYZE reads a bounded sample of its rows
   * (0x10, SQLite's own default limit) rather than all of them: the lists'
   * plans need the rough shape of an index, and a full pass over 100k-row
   * tables costs about half a second at the end of a first sync.
   */
  optimize(): void {
    this.db.pragma('optimize=0x10012');
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  // ---------- meta ----------
  getMeta(key: string): string | null {
    return (this.st.metaGet.get(key) as string | undefined) ?? null;
  }
  setMeta(key: string, value: string): void {
    this.st.metaSet.run(key, value);
  }
  get cursor(): number {
    return Number(this.getMeta('cursor') ?? 0);
  }

  // ---------- pull ----------
  /** Applies one page and its cursor in ONE transaction. Returns the stores whose data changed. */
  applyPage(changes: Change[], cursor: number, at = new Date().toISOString(), opts: ApplyOptions = {}): Set<string> {
    return this.applier.applyPage(changes, cursor, at, opts);
  }

  /** After pulling (a first sync above all): bring deferred list and search indexes up to date; true when any was rebuilt. */
  finishPull(): boolean {
    let any = false;
    while (this.finishPullStep()) any = true;
    return any;
  }

  /**
   * One step of finishPull (one list index, or the whole search index); false
   * when nothing was left. The sync engine yields between steps, so the app
   * answers while a first sync's indexes are built. The search index is one
   * step: pages applied while it is stale skip their search writes, so it
   * must be rebuilt from the tables as they are at one moment.
   */
  finishPullStep(): boolean {
    if (!this.indexesDeferred && !this.applier.searchStale) {
      // past the last step: one WAL checkpoint now (the steps ran with a first sync's long interval, apply.ts), no mapped reads
      this.db.pragma(`wal_autocheckpoint = ${DEFAULT_WAL_PAGES}`);
      this.db.pragma('mmap_size = 0');
      return false;
    }
    // the rebuilds scan the big tables once per index: read them mapped instead of copied page by page, from the
    // first step to the last (unmapping between steps costs the next step its reads again); only while rebuilding:
    // a mapped file turns an I/O error into a crash instead of an error
    this.db.pragma(`mmap_size = ${REBUILD_MMAP_BYTES}`);
    try {
      return restoreNextIndex(this.db) || this.applier.rebuildSearch();
    } catch (e) {
      this.db.pragma('mmap_size = 0');
      throw e;
    }
  }

  /** Whether the search index waits for a rebuild (a first sync): its hits may not match the tables' rows. */
  get searchStale(): boolean {
    return this.applier.searchStale;
  }

  /** Whether a first sync has the list indexes dropped (queries must not name them). */
  get indexesDeferred(): boolean {
    return indexesDeferred(this.db);
  }

  // ---------- rows of editable entities ----------
  serverRow(entity: EditableEntity, storeId: string, key: string): { row: Row; version: number } | null {
    return this.rows.serverRow(entity, storeId, key);
  }

  effectiveRow(entity: EditableEntity, storeId: string, key: string): { row: Row; version: number; state: LocalState; entries: OutboxEntry[] } | null {
    return this.rows.effectiveRow(entity, storeId, key);
  }

  // ---------- local edits and the outbox (outbox.ts) ----------
  edit(entity: EditableEntity, storeId: string, key: string, changes: Row, label: string, now = new Date()): OutboxEntry | null {
    return this.outbox.edit(entity, storeId, key, changes, label, now);
  }
  entry(id: string): OutboxEntry | null {
    return this.outbox.entry(id);
  }
  entries(): OutboxEntry[] {
    return this.outbox.entries();
  }
  counts(): Record<OutboxState, number> {
    return this.outbox.counts();
  }
  takeDue(nowMs: number, limit: number): OutboxEntry[] {
    return this.outbox.takeDue(nowMs, limit);
  }
  nextDueAt(): number | null {
    return this.outbox.nextDueAt();
  }
  defer(ids: { id: string; at: number }[]): void {
    this.outbox.defer(ids);
  }
  applyResults(sent: OutboxEntry[], results: MutationResult[]): Set<string> {
    return this.outbox.applyResults(sent, results);
  }
  retry(id: string): void {
    this.outbox.retry(id);
  }
  discard(id: string): OutboxEntry {
    return this.outbox.discard(id);
  }
  resolve(id: string, choices: Record<string, 'yours' | 'theirs' | 'ozon'>, now = new Date()): OutboxEntry {
    return this.outbox.resolve(id, choices, now);
  }
  toMutation(e: OutboxEntry): Mutation {
    return this.outbox.toMutation(e);
  }
}
