/**
 * What the two durable outboxes (outbox.ts: local edits; action-outbox.ts:
 * commands) share: the columns every entry has, and the claim / defer /
 * settle steps of sending. Invariants both rely on:
 * - takeDue marks the attempt durably (attempts + 1) in the same transaction
 *   that reads the due entries, before anything is sent, so a crash mid-send
 *   is known to have possibly reached the server;
 * - an answer is applied only to an entry still queued under the id it was
 *   sent with (a discard or a retry with a fresh key in the meantime wins).
 */
import type Database from 'better-sqlite3';
import type { MutationResult } from '../../shared/sync/protocol';
import type { CacheDb } from './db';

/** The columns every outbox row has. */
export interface QueueRaw {
  ord: number;
  id: string;
  store_id: string;
  key: string;
  label: string;
  created_at: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  error: string | null;
}

export interface QueueEntry<S extends string> {
  ord: number;
  id: string;
  storeId: string;
  key: string;
  label: string;
  createdAt: string;
  state: S;
  attempts: number;
  /** epoch ms; 0 = due now */
  nextAttemptAt: number;
  error: { code: string; field?: string; message?: string } | null;
}

export const queueFields = <S extends string>(r: QueueRaw): QueueEntry<S> => ({
  ord: r.ord,
  id: r.id,
  storeId: r.store_id,
  key: r.key,
  label: r.label,
  createdAt: r.created_at,
  state: r.state as S,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  error: r.error ? (JSON.parse(r.error) as QueueEntry<S>['error']) : null,
});

export interface QueueStatements {
  /** pending entries due at (nowMs), oldest first, (limit) of them */
  due: Database.Statement;
  /** attempts + 1 for one id */
  attempt: Database.Statement;
  /** MIN(next_attempt_at) of the pending entries, plucked */
  nextDue: Database.Statement;
  /** next_attempt_at = (at) for one pending (id) */
  defer: Database.Statement;
}

/** The claim and back-off steps, over one outbox table's statements. */
export class DueQueue<R extends QueueRaw, E extends QueueEntry<string>> {
  constructor(
    private readonly db: CacheDb,
    private readonly st: QueueStatements,
    private readonly toEntry: (r: R) => E,
  ) {}

  /** Due entries, marked as attempted (durably) before they are sent. */
  takeDue(nowMs: number, limit: number): E[] {
    let out: E[] = [];
    this.db
      .transaction(() => {
        out = (this.st.due.all(nowMs, limit) as R[]).map(this.toEntry);
        for (const e of out) this.st.attempt.run(e.id);
      })
      .immediate();
    return out.map((e) => ({ ...e, attempts: e.attempts + 1 }));
  }

  nextDueAt(): number | null {
    return (this.st.nextDue.get() as number | null) ?? null;
  }

  defer(ids: { id: string; at: number }[]): void {
    this.db.transaction(() => ids.forEach((d) => this.st.defer.run(d.at, d.id))).immediate();
  }

  /**
   * The server's answers, in one transaction: each one for an entry still
   * queued (`queued`) goes to `apply`. Returns the stores whose queue changed.
   */
  settle(sent: E[], results: MutationResult[], queued: (id: string) => boolean, apply: (e: E, r: MutationResult) => void): Set<string> {
    const byId = new Map(sent.map((e) => [e.id, e]));
    const stores = new Set<string>();
    this.db
      .transaction(() => {
        for (const r of results) {
          const e = byId.get(r.id);
          if (!e || !queued(e.id)) continue;
          stores.add(e.storeId);
          apply(e, r);
        }
      })
      .immediate();
    return stores;
  }
}
