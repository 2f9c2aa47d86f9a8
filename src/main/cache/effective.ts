/**
 * Rows of the editable entities (product, stock) as the workstation sees
 * them: the server row with the outbox's still-unacknowledged edits laid
 * over it, in order. The projected columns of products/stocks always hold
 * this effective value; `server_json` always holds the server's row.
 */
import { unstockedLevel } from '../../shared/domain/catalog';
import { warehouseTakesStock } from '../../shared/domain/store';
import type { EditableEntity, FieldConflict } from '../../shared/sync/protocol';
import { queueFields, type QueueEntry, type QueueRaw } from './queue';
import type { ProductUpdates } from './product-update';
import type { Statements } from './statements';
import { bool, int, num, reqStr, str, type SqlValue } from './rows';

export type Row = Record<string, unknown>;
/** A server row's JSON as text, or as its UTF-8 bytes straight from a pulled page (the statements CAST it to TEXT). */
export type ServerJson = string | Uint8Array;
export type LocalState = 'synced' | 'pending' | 'failed' | 'conflict';
export type OutboxState = 'pending' | 'failed' | 'conflict';

export interface OutboxEntry extends QueueEntry<OutboxState> {
  entity: EditableEntity;
  baseVersion: number;
  changes: Row;
  base: Row;
  changeSetId: string | null;
  conflicts: FieldConflict[] | null;
  conflictVersion: number | null;
}

export interface OutboxRaw extends QueueRaw {
  entity: string;
  base_version: number;
  changes: string;
  base: string;
  change_set_id: string | null;
  conflicts: string | null;
  conflict_version: number | null;
}

export const toEntry = (r: OutboxRaw): OutboxEntry => ({
  ...queueFields<OutboxState>(r),
  entity: r.entity as EditableEntity,
  baseVersion: r.base_version,
  changes: JSON.parse(r.changes) as Row,
  base: JSON.parse(r.base) as Row,
  changeSetId: r.change_set_id,
  conflicts: r.conflicts ? (JSON.parse(r.conflicts) as FieldConflict[]) : null,
  conflictVersion: r.conflict_version,
});

const STATE_RANK: Record<LocalState, number> = { synced: 0, pending: 1, failed: 2, conflict: 3 };

export class EffectiveRows {
  constructor(
    private readonly st: Statements,
    private readonly updates: ProductUpdates,
  ) {}

  /** The effective row: the server row with pending/failed/conflicting local edits laid over it, in order. */
  overlay(entity: EditableEntity, storeId: string, key: string, server: Row, hasOutbox = true): { row: Row; state: LocalState; entries: OutboxEntry[] } {
    if (!hasOutbox) return { row: server, state: 'synced', entries: [] };
    const entries = (this.st.outboxForRow.all(entity, storeId, key) as OutboxRaw[]).map(toEntry);
    if (!entries.length) return { row: server, state: 'synced', entries };
    const row = { ...server };
    let state: LocalState = 'synced';
    for (const e of entries) {
      Object.assign(row, e.changes);
      if (STATE_RANK[e.state] > STATE_RANK[state]) state = e.state;
    }
    return { row, state, entries };
  }

  /** A product shows the worst state of its own edits and its stock rows' edits. */
  productState(storeId: string, pid: string, own: LocalState): LocalState {
    let state = own;
    for (const s of this.st.outboxStockStates.all(storeId, `${pid}:`, `${pid};`) as LocalState[]) if (STATE_RANK[s] > STATE_RANK[state]) state = s;
    return state;
  }

  serverRow(entity: EditableEntity, storeId: string, key: string): { row: Row; version: number } | null {
    const r = (entity === 'product' ? this.st.productServer.get(storeId, key) : this.st.stockServer.get(storeId, key)) as
      | { version: number; server_json: string }
      | undefined;
    return r ? { row: JSON.parse(r.server_json) as Row, version: r.version } : null;
  }

  effectiveRow(entity: EditableEntity, storeId: string, key: string): { row: Row; version: number; state: LocalState; entries: OutboxEntry[] } | null {
    const s = this.serverRow(entity, storeId, key);
    if (!s) return null;
    const o = this.overlay(entity, storeId, key, s.row);
    return { row: o.row, version: s.version, state: o.state, entries: o.entries };
  }

  /**
   * Writes a product (server row + effective columns). `rowid` is the row's
   * current rowid (null when new); `search` false leaves the search index to
   * a later rebuild (a first sync, see apply.ts). `json` is the server row's
   * JSON when the caller already has it; `server` then needs to hold only
   * the fields projected here (PRODUCT_FIELDS in rows.ts).
   */
  writeProduct(storeId: string, key: string, server: Row, version: number, updatedAt: string, rowid: number | null, hasOutbox: boolean, search = true, json?: ServerJson): void {
    const { row, state } = this.overlay('product', storeId, key, server, hasOutbox);
    const values = this.productValues(server, row, hasOutbox ? this.productState(storeId, key, state) : state);
    const text = json ?? JSON.stringify(server);
    // a cached row: only the changed columns, and its search entry only when a searched field changed
    const changed = rowid === null ? null : this.updates.update(rowid, version, updatedAt, values, text);
    const id = changed === null ? (this.st.productUpsert.get(storeId, key, version, updatedAt, ...values, text, storeId, key) as { rowid: number }).rowid : rowid!;
    if (!search || changed === false) return;
    if (rowid !== null) this.st.productFtsDel.run(rowid);
    this.st.productFtsIns.run(id, values[2], values[0], values[1] ?? '', values[10]);
  }

  /**
   * A product that is not cached yet, inserted without a search entry (a
   * first sync's page, whose rows are nearly all new, with no local edits:
   * the caller checked the outbox is empty). False, with nothing written,
   * when the row is already cached: the caller then takes writeProduct's way.
   */
  insertNewProduct(storeId: string, key: string, server: Row, version: number, updatedAt: string, json?: ServerJson): boolean {
    const values = this.productValues(server, server, 'synced');
    return this.st.productInsertNew.get(storeId, key, version, updatedAt, ...values, json ?? JSON.stringify(server), storeId, key) !== undefined;
  }

  /** The projected columns, in the order of PRODUCT_COLUMNS (product-update.ts) and of productUpsert's columns. */
  private productValues(server: Row, row: Row, state: LocalState): SqlValue[] {
    const statuses = (server.statuses ?? {}) as Row;
    return [
      reqStr(row.offerId),
      str(row.sku),
      reqStr(row.name),
      num(row.price),
      reqStr(statuses.status),
      bool(row.visible),
      bool(row.archived),
      str(row.descriptionCategoryId),
      str(row.typeId),
      state,
      // the barcodes as the search entry holds them
      Array.isArray(row.barcodes) ? (row.barcodes as unknown[]).join(' ') : '',
    ];
  }

  writeStock(storeId: string, key: string, server: Row, version: number, updatedAt: string, hasOutbox: boolean): void {
    const [pid, wid] = key.split(':') as [string, string];
    const { row, state } = this.overlay('stock', storeId, key, server, hasOutbox);
    this.st.stockUpsert.run(storeId, key, pid, wid, version, updatedAt, int(row.present), int(row.reserved), state, JSON.stringify(server));
  }

  /**
   * The zero row of a stock pair Ozon reports no row for (a new product, or a
   * warehouse the product was never stocked in): a first stock edit lays it
   * down at version 0 (Outbox.edit) and lies over it; the server inserts the
   * real row when it applies the edit (server/sync/stock-pairs.ts), and that
   * row, pulled, replaces it. Null when the product or the warehouse is not
   * cached, or the warehouse takes no stock. Reads only.
   */
  unstockedRow(storeId: string, key: string): Row | null {
    const [pid, wid] = key.split(':') as [string, string | undefined];
    if (!wid) return null;
    const status = this.st.warehouseStatus.get(storeId, wid) as string | undefined;
    const product = this.serverRow('product', storeId, pid);
    if (status === undefined || !warehouseTakesStock(status) || !product) return null;
    return unstockedLevel(pid, wid, String(product.row.offerId ?? ''), (product.row.sku as string | null) ?? null);
  }

  /** Re-derives the projected columns of a row after its outbox entries changed. */
  refreshRow(entity: EditableEntity, storeId: string, key: string): void {
    const s = this.serverRow(entity, storeId, key);
    if (!s) return;
    if (entity === 'product') {
      const head = this.st.productHead.get(storeId, key) as { rowid: number };
      this.writeProduct(storeId, key, s.row, s.version, String(s.row.updatedAt ?? ''), head.rowid, true);
    } else {
      // a zero row laid down for a first stock that no edit lies over any more (discarded, or edited back to zero):
      // the pair is unstocked again, as Ozon has it
      if (s.version === 0 && !this.st.outboxForRow.all('stock', storeId, key).length) this.st.stockDelete.run(storeId, key);
      else this.writeStock(storeId, key, s.row, s.version, String(s.row.updatedAt ?? ''), true);
      this.stockProduct(storeId, key);
    }
  }

  /**
   * A stock row's product after the row was rewritten outside a pulled page:
   * its sums and its state. Invariant: products.stock_present/stock_reserved
   * (the list's stock column) are the sums of the product's cached stock rows'
   * effective columns (what the drawer shows per warehouse), and its
   * local_state the worst of its own and its stock rows' edits. A pulled page
   * re-sums each product it touched at its end (apply.ts); every other stock
   * write (refreshRow, patchServer) re-sums here, else the list keeps the old
   * sum until a later page brings a stock row of that product.
   */
  private stockProduct(storeId: string, key: string): void {
    const pid = key.split(':')[0]!;
    this.st.productStockAgg.run(storeId, pid);
    const own = this.overlay('product', storeId, pid, {}).state;
    this.st.productSetState.run(this.productState(storeId, pid, own), storeId, pid);
  }

  /** Patches the cached server row (fields known to be the server's current values), keeping the newest version. */
  patchServer(entity: EditableEntity, storeId: string, key: string, fields: Row, version: number | null): void {
    const s = this.serverRow(entity, storeId, key);
    if (!s) return;
    const row = { ...s.row, ...fields };
    const v = version !== null && version > s.version ? version : s.version;
    if (version !== null && version > s.version) row.version = version;
    if (entity === 'product') {
      const head = this.st.productHead.get(storeId, key) as { rowid: number };
      this.writeProduct(storeId, key, row, v, String(row.updatedAt ?? ''), head.rowid, true);
    } else {
      // a discarded conflict takes "theirs" here with no refreshRow after it: the product's sums must follow now
      this.writeStock(storeId, key, row, v, String(row.updatedAt ?? ''), true);
      this.stockProduct(storeId, key);
    }
  }
}
