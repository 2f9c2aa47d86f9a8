/**
 * The durable outbox: one entry per local edit, written together with the
 * row's effective value in one transaction; sent in batches (takeDue marks
 * the attempt durably before the send) and settled by the server's answers.
 * An entry's id is its idempotency key: generated before the first send and
 * reused on every retry; only a rejected entry that is retried gets a new one
 * (the old key's answer is final). Nothing is dropped except by the server's
 * answer or a person's discard.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Mutation, MutationResult } from '../../shared/sync/protocol';
import { EDITABLE_FIELDS, type EditableEntity } from '../../shared/sync/protocol';
import { AppError } from '../core/errors';
import type { CacheDb } from './db';
import { toEntry, type EffectiveRows, type OutboxEntry, type OutboxRaw, type OutboxState, type Row } from './effective';
import { DueQueue } from './queue';
import type { Statements } from './statements';

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class Outbox {
  private readonly queue: DueQueue<OutboxRaw, OutboxEntry>;
  /** an applied product edit's settle step: server row, version and state only (applyApplied) */
  private readonly productSettle: Database.Statement;

  constructor(
    private readonly db: CacheDb,
    private readonly st: Statements,
    private readonly rows: EffectiveRows,
  ) {
    this.queue = new DueQueue(db, { due: st.outboxDue, attempt: st.outboxAttempt, nextDue: st.outboxNextDue, defer: st.outboxDefer }, toEntry);
    // none of these columns is indexed or searched: the row's list and search index entries stay as they are
    this.productSettle = db.prepare('UPDATE products SET server_json = ?, version = ?, local_state = ? WHERE store_id = ? AND key = ?');
  }

  // ---------- local edits ----------
  /**
   * A local edit: the row (effective value) and its outbox entry in one
   * transaction. Folds into the row's last entry while that was never sent
   * (or was rejected: the new edit is the fix), else appends a new entry.
   */
  edit(entity: EditableEntity, storeId: string, key: string, changes: Row, label: string, now = new Date()): OutboxEntry | null {
    const allowed = EDITABLE_FIELDS[entity] as readonly string[];
    for (const f of Object.keys(changes)) if (!allowed.includes(f)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: f, code: 'not_editable' }] });
    let result: OutboxEntry | null = null;
    this.db
      .transaction(() => {
        const found = this.rows.effectiveRow(entity, storeId, key);
        // a stock pair Ozon holds no row for starts from its zero row, laid down below only if the edit changes it
        const unstocked = !found && entity === 'stock' ? this.rows.unstockedRow(storeId, key) : null;
        const cur = found ?? (unstocked && { row: unstocked, version: 0, entries: [] as OutboxEntry[] });
        if (!cur) throw new AppError('NOT_FOUND');
        const last = cur.entries[cur.entries.length - 1];
        const foldable = last && ((last.state === 'pending' && last.attempts === 0) || last.state === 'failed');
        if (foldable) {
          const merged = { ...last.changes };
          const base = { ...last.base };
          for (const [f, v] of Object.entries(changes)) {
            if (!(f in base)) base[f] = cur.row[f] ?? null;
            merged[f] = v;
          }
          // a field edited back to where it started is no change at all
          for (const f of Object.keys(merged)) {
            if (!same(merged[f], base[f])) continue;
            delete merged[f];
            delete base[f];
          }
          if (!Object.keys(merged).length) this.st.outboxDelete.run(last.id);
          else {
            const id = last.state === 'failed' ? randomUUID() : last.id;
            this.st.outboxUpdateChanges.run(id, JSON.stringify(merged), JSON.stringify(base), last.ord);
          }
        } else {
          const changed: Row = {};
          const base: Row = {};
          for (const [f, v] of Object.entries(changes)) {
            if (same(cur.row[f] ?? null, v)) continue;
            changed[f] = v;
            base[f] = cur.row[f] ?? null;
          }
          if (!Object.keys(changed).length) return;
          if (unstocked) this.rows.writeStock(storeId, key, unstocked, 0, '', false);
          this.st.outboxInsert.run(randomUUID(), entity, storeId, key, cur.version, JSON.stringify(changed), JSON.stringify(base), null, label, now.toISOString());
        }
        this.rows.refreshRow(entity, storeId, key);
        // null when the edit folded away (a first stock edited back to zero also takes its zero row away)
        result = this.rows.effectiveRow(entity, storeId, key)?.entries.at(-1) ?? null;
      })
      .immediate();
    return result;
  }

  // ---------- outbox ----------
  entry(id: string): OutboxEntry | null {
    const r = this.st.outboxById.get(id) as OutboxRaw | undefined;
    return r ? toEntry(r) : null;
  }

  entries(): OutboxEntry[] {
    return (this.st.outboxAll.all() as OutboxRaw[]).map(toEntry);
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, failed: 0, conflict: 0 };
    for (const r of this.st.outboxCounts.all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Due entries, marked as attempted (durably) before they are sent. */
  takeDue(nowMs: number, limit: number): OutboxEntry[] {
    return this.queue.takeDue(nowMs, limit);
  }

  nextDueAt(): number | null {
    return this.queue.nextDueAt();
  }

  defer(ids: { id: string; at: number }[]): void {
    this.queue.defer(ids);
  }

  /** The server's answers, in one transaction. Returns the stores whose rows changed. */
  applyResults(sent: OutboxEntry[], results: MutationResult[]): Set<string> {
    return this.queue.settle(sent, results, (id) => !!this.st.outboxById.get(id), (e, r) => {
      if (r.status === 'applied') {
        this.st.outboxDelete.run(e.id);
        if (e.entity === 'product' && this.settleApplied(e, r.version)) return;
        this.rows.patchServer(e.entity, e.storeId, e.key, e.changes, r.version);
        // patchServer rewrote the product with its remaining edits laid over; a stock row also moves its product's sums and state
        if (e.entity === 'product') return;
      } else if (r.status === 'conflict') {
        this.st.outboxConflict.run(JSON.stringify(r.conflicts), r.version, e.id);
      } else {
        this.st.outboxReject.run(JSON.stringify(r.reason), e.id);
      }
      this.rows.refreshRow(e.entity, e.storeId, e.key);
    });
  }

  /**
   * An applied product edit that was the row's oldest entry (its entry
   * already deleted): the server row takes its changes, as patchServer does,
   * and the effective value — the server row with the remaining, newer
   * entries laid over — is the same as before (the edit was laid first and
   * is now part of the server row), so the projected columns and the search
   * index are left as they are; only server_json, version and the state
   * move. False (nothing written) when an older entry of the row remains:
   * then the order of the layers changes and patchServer rewrites the row.
   */
  private settleApplied(e: OutboxEntry, version: number): boolean {
    const s = this.rows.serverRow('product', e.storeId, e.key);
    if (!s) return true; // patchServer would do nothing either
    const rest = this.rows.overlay('product', e.storeId, e.key, {});
    if (rest.entries.some((o) => o.ord < e.ord)) return false;
    const row = { ...s.row, ...e.changes };
    if (version > s.version) row.version = version;
    this.productSettle.run(JSON.stringify(row), Math.max(version, s.version), this.rows.productState(e.storeId, e.key, rest.state), e.storeId, e.key);
    return true;
  }

  /** Send again now; a rejected entry gets a fresh idempotency key (the old one's answer is final). */
  retry(id: string): void {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    if (e.state === 'conflict') throw new AppError('CONFLICT');
    this.db
      .transaction(() => {
        this.st.outboxUpdateChanges.run(e.state === 'failed' ? randomUUID() : e.id, JSON.stringify(e.changes), JSON.stringify(e.base), e.ord);
        this.rows.refreshRow(e.entity, e.storeId, e.key);
      })
      .immediate();
  }

  /** Drop the edit and show the server's value again. */
  discard(id: string): OutboxEntry {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    this.db
      .transaction(() => {
        this.st.outboxDelete.run(id);
        if (e.state === 'conflict' && e.conflicts) {
          const theirs: Row = {};
          for (const c of e.conflicts) theirs[c.field] = c.theirs;
          this.rows.patchServer(e.entity, e.storeId, e.key, theirs, null);
        } else this.rows.refreshRow(e.entity, e.storeId, e.key);
      })
      .immediate();
    return e;
  }

  /** A resolution is a new mutation whose base is the server's current values. */
  resolve(id: string, choices: Record<string, 'yours' | 'theirs' | 'ozon'>, now = new Date()): OutboxEntry {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    if (e.state !== 'conflict' || !e.conflicts) throw new AppError('CONFLICT');
    this.db
      .transaction(() => {
        const changes = { ...e.changes };
        const base = { ...e.base };
        const theirs: Row = {};
        for (const c of e.conflicts!) {
          theirs[c.field] = c.theirs;
          const choice = choices[c.field] ?? 'yours';
          if (choice === 'theirs' || (choice === 'ozon' && same(c.ozon, c.theirs))) {
            delete changes[c.field];
            delete base[c.field];
          } else {
            changes[c.field] = choice === 'ozon' ? (c.ozon ?? c.theirs) : c.yours;
            base[c.field] = c.theirs;
          }
        }
        this.st.outboxDelete.run(id);
        this.rows.patchServer(e.entity, e.storeId, e.key, theirs, null);
        if (Object.keys(changes).length) {
          this.st.outboxInsert.run(
            randomUUID(),
            e.entity,
            e.storeId,
            e.key,
            e.conflictVersion ?? e.baseVersion,
            JSON.stringify(changes),
            JSON.stringify(base),
            e.changeSetId,
            e.label,
            now.toISOString(),
          );
        }
        this.rows.refreshRow(e.entity, e.storeId, e.key);
      })
      .immediate();
    return e;
  }

  toMutation(e: OutboxEntry): Mutation {
    return {
      id: e.id,
      entity: e.entity,
      storeId: e.storeId,
      key: e.key,
      baseVersion: e.baseVersion,
      changes: e.changes,
      base: e.base,
      ...(e.changeSetId ? { changeSetId: e.changeSetId } : {}),
      createdAt: e.createdAt,
    } as Mutation;
  }
}
