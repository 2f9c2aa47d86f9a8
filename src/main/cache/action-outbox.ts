/**
 * The durable action outbox (issues 3+4): commands a person gives offline —
 * ship or cancel a posting, reply, answer, message, archive, join or leave a
 * promotion — kept in the local cache until the server answers.
 *
 * Invariants (as the edit outbox, src/main/cache/outbox.ts):
 * - an entry's id is its idempotency key: generated once, sent as the
 *   mutation id and reused on every network retry, so the server applies it
 *   at most once; only a rejected entry a person retries gets a fresh id (the
 *   old key's answer is final);
 * - takeDue marks the attempt durably (attempts + 1) before the send, so a
 *   crash mid-send is known to have possibly reached the server;
 * - nothing is dropped except by the server's 'applied' or a person's discard.
 *
 * Actions are commands, not field edits: no base, no merge. But kinds that
 * share a target group (EXPORT_SPECS[kind].group: ship/cancel of a posting,
 * archive/unarchive, join/leave) replace each other while unsent — the newest
 * command is what the person wants; one already sent (it may have reached the
 * server) is never replaced, the new one queues behind it.
 *
 * A chat_read also moves the chat's local read mark (chat-reads.ts) in the
 * same transaction, so the chat shows read at once; a refusal or a discard
 * takes the mark away again, a retry puts it back.
 */
import { randomUUID } from 'node:crypto';
import { ACTION_KINDS, EXPORT_SPECS, type ActionKind } from '../../shared/exports';
import type { ActionMutation, MutationResult } from '../../shared/sync/protocol';
import { AppError } from '../core/errors';
import { ChatReadMarks } from './chat-reads';
import type { CacheDb } from './db';
import { DueQueue, queueFields, type QueueEntry, type QueueRaw } from './queue';

export type ActionState = 'pending' | 'failed';

export interface ActionEntry extends QueueEntry<ActionState> {
  kind: ActionKind;
  values: Record<string, unknown>;
}

interface Raw extends QueueRaw {
  kind: string;
  values: string;
}

const toEntry = (r: Raw): ActionEntry => ({
  ...queueFields<ActionState>(r),
  kind: r.kind as ActionKind,
  values: JSON.parse(r.values) as Record<string, unknown>,
});

/** Kinds an entry of `kind` replaces while unsent: its group, or itself when it coalesces per target. */
function replaces(kind: ActionKind): ActionKind[] {
  const spec = EXPORT_SPECS[kind];
  if (spec.coalesce === 'none') return [];
  if (!spec.group) return [kind];
  return ACTION_KINDS.filter((k) => EXPORT_SPECS[k].group === spec.group);
}

export interface EnqueueInput {
  storeId: string;
  kind: ActionKind;
  key: string;
  values: Record<string, unknown>;
  label: string;
}

export class ActionOutbox {
  private readonly st;
  private readonly queue: DueQueue<Raw, ActionEntry>;
  readonly readMarks: ChatReadMarks;

  constructor(private readonly db: CacheDb) {
    this.readMarks = new ChatReadMarks(db);
    this.st = {
      insert: db.prepare('INSERT INTO action_outbox (id, store_id, kind, key, "values", label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      unsentForTarget: db.prepare(
        "SELECT * FROM action_outbox WHERE store_id = ? AND key = ? AND ((state = 'pending' AND attempts = 0) OR state = 'failed') ORDER BY ord",
      ),
      byId: db.prepare('SELECT * FROM action_outbox WHERE id = ?'),
      all: db.prepare('SELECT * FROM action_outbox ORDER BY ord'),
      forStore: db.prepare('SELECT * FROM action_outbox WHERE store_id = ? ORDER BY ord'),
      forTarget: db.prepare('SELECT * FROM action_outbox WHERE store_id = ? AND key = ? ORDER BY ord'),
      delete: db.prepare('DELETE FROM action_outbox WHERE id = ?'),
      due: db.prepare("SELECT * FROM action_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY ord LIMIT ?"),
      attempt: db.prepare('UPDATE action_outbox SET attempts = attempts + 1 WHERE id = ?'),
      defer: db.prepare("UPDATE action_outbox SET next_attempt_at = ? WHERE id = ? AND state = 'pending'"),
      reject: db.prepare("UPDATE action_outbox SET state = 'failed', error = ? WHERE id = ?"),
      requeue: db.prepare("UPDATE action_outbox SET id = ?, state = 'pending', attempts = 0, next_attempt_at = 0, error = NULL WHERE ord = ?"),
      nextDue: db.prepare("SELECT MIN(next_attempt_at) FROM action_outbox WHERE state = 'pending'").pluck(),
      counts: db.prepare('SELECT state, COUNT(*) AS n FROM action_outbox GROUP BY state'),
    };
    this.queue = new DueQueue(db, this.st, toEntry);
  }

  /** Queue a command; an unsent one of the same target group is replaced by it (one transaction). */
  enqueue(a: EnqueueInput, now = new Date()): ActionEntry {
    const spec = EXPORT_SPECS[a.kind];
    if (!spec.key.safeParse(a.key).success || !spec.values.safeParse(a.values).success) throw new AppError('VALIDATION_FAILED');
    const id = randomUUID();
    this.db
      .transaction(() => {
        const group = replaces(a.kind);
        if (group.length) {
          for (const r of this.st.unsentForTarget.all(a.storeId, a.key) as Raw[]) if ((group as string[]).includes(r.kind)) this.st.delete.run(r.id);
        }
        this.st.insert.run(id, a.storeId, a.kind, a.key, JSON.stringify(a.values), a.label, now.toISOString());
        this.markRead(a);
      })
      .immediate();
    return this.entry(id)!;
  }

  entry(id: string): ActionEntry | null {
    const r = this.st.byId.get(id) as Raw | undefined;
    return r ? toEntry(r) : null;
  }

  /** Entries oldest first: a store's (or every store's), of one target `key` when given. */
  list(storeId?: string, key?: string): ActionEntry[] {
    if (storeId) return ((key ? this.st.forTarget.all(storeId, key) : this.st.forStore.all(storeId)) as Raw[]).map(toEntry);
    return (this.st.all.all() as Raw[]).map(toEntry).filter((e) => !key || e.key === key);
  }

  counts(): Record<ActionState, number> {
    const out: Record<ActionState, number> = { pending: 0, failed: 0 };
    for (const r of this.st.counts.all() as { state: ActionState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Due entries, marked as attempted (durably) before they are sent. */
  takeDue(nowMs: number, limit: number): ActionEntry[] {
    return this.queue.takeDue(nowMs, limit);
  }

  nextDueAt(): number | null {
    return this.queue.nextDueAt();
  }

  defer(ids: { id: string; at: number }[]): void {
    this.queue.defer(ids);
  }

  /**
   * The server's answers, in one transaction: applied → removed (the export
   * runner carries it on; the target row's ozonSync tells where it stands);
   * rejected → kept as failed with the reason until a person acts.
   * Returns the stores whose queue changed.
   */
  applyResults(sent: ActionEntry[], results: MutationResult[]): Set<string> {
    return this.queue.settle(sent, results, (id) => !!this.st.byId.get(id), (e, r) => {
      if (r.status === 'applied') this.st.delete.run(e.id);
      else {
        // an action never conflicts; an unexpected answer is kept visible as a refusal
        this.st.reject.run(JSON.stringify(r.status === 'rejected' ? r.reason : { code: 'CONFLICT' }), e.id);
        if (e.kind === 'chat_read') this.readMarks.clear(e.storeId, e.key);
      }
    });
  }

  /** Send again now; a refused entry gets a fresh idempotency key (the old one's answer is final). */
  retry(id: string): ActionEntry {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    const next = e.state === 'failed' ? randomUUID() : e.id;
    this.db
      .transaction(() => {
        this.st.requeue.run(next, e.ord);
        this.markRead(e);
      })
      .immediate();
    return this.entry(next)!;
  }

  /** Drop a queued command (it was never applied, or the refusal is accepted). */
  discard(id: string): ActionEntry {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    this.db
      .transaction(() => {
        this.st.delete.run(id);
        if (e.kind === 'chat_read') this.readMarks.clear(e.storeId, e.key);
      })
      .immediate();
    return e;
  }

  /** a chat_read's local effect: the chat shows read up to its message */
  private markRead(a: { storeId: string; kind: ActionKind; key: string; values: Record<string, unknown> }): void {
    if (a.kind === 'chat_read' && typeof a.values.fromMessageId === 'string') this.readMarks.mark(a.storeId, a.key, a.values.fromMessageId);
  }

  toMutation(e: ActionEntry): ActionMutation {
    return { id: e.id, entity: 'action', storeId: e.storeId, kind: e.kind, key: e.key, values: e.values, createdAt: e.createdAt };
  }
}
