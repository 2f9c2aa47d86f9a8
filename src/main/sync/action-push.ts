/**
 * Pushes one durable outbox through the sync transport
 * (POST /api/v1/sync/mutations): the engine runs one for the edit outbox
 * (src/main/cache/outbox.ts) and one for the action outbox
 * (src/main/cache/action-outbox.ts), so both share its pause (session
 * expired: nothing is sent, nothing discarded), its online state and its
 * back-off with full jitter.
 *
 * Outcomes are the queue's (applyResults); no answer (network error, or the
 * id missing from the answer) → deferred and retried later with the SAME id,
 * so the server applies it at most once.
 */
import { PUSH_BATCH_MAX, type Mutation, type MutationResult } from '../../shared/sync/protocol';
import type { SyncTransport } from './transport';

/** What a durable outbox offers the sender (Cache for edits, ActionOutbox for actions). */
export interface PushQueue<E extends { id: string; attempts: number }> {
  /** due entries, already marked as attempted (durably) */
  takeDue(nowMs: number, limit: number): E[];
  toMutation(e: E): Mutation;
  applyResults(sent: E[], results: MutationResult[]): unknown;
  defer(ids: { id: string; at: number }[]): void;
}

export interface PushHooks {
  /** the engine's outbox is open and the queue not paused */
  canSend(): boolean;
  /** whether the server's answers may be written (the cache is still open) */
  canApply(): boolean;
  transport: SyncTransport;
  /** classify a failed request (pause on auth, offline on unreachable) */
  onError(e: unknown): void;
  markOnline(): void;
  backoffMs(attempts: number): number;
  now(): number;
  emit(event: 'sync:status' | 'data:changed'): void;
  /** the feed brings the authoritative rows (merged fields, new versions, an action's ozonSync) after an answer */
  pull(): void;
}

export class OutboxPush<E extends { id: string; attempts: number }> {
  private readonly sending = new Set<string>();

  constructor(
    private readonly queue: () => PushQueue<E>,
    private readonly h: PushHooks,
  ) {}

  isSending(id: string): boolean {
    return this.sending.has(id);
  }

  /** Every due batch, one after another; stops at the first network failure. */
  async pushDue(): Promise<void> {
    while (await this.pushBatch());
  }

  /** One batch; true when another may be due right away. */
  async pushBatch(): Promise<boolean> {
    if (!this.h.canSend()) return false;
    const box = this.queue();
    const batch = box.takeDue(this.h.now(), PUSH_BATCH_MAX);
    if (!batch.length) return false;
    batch.forEach((e) => this.sending.add(e.id));
    this.h.emit('sync:status');
    try {
      let res;
      try {
        res = await this.h.transport.push(batch.map((e) => box.toMutation(e)));
      } catch (e) {
        this.h.onError(e);
        if (this.h.canSend()) this.defer(box, batch);
        return false;
      }
      this.h.markOnline();
      if (!this.h.canApply()) return false;
      const answered = new Set(res.results.map((r) => r.id));
      box.applyResults(batch, res.results);
      const missing = batch.filter((e) => !answered.has(e.id));
      if (missing.length) this.defer(box, missing);
      this.h.emit('data:changed');
      if (res.results.length) this.h.pull();
      return batch.length === PUSH_BATCH_MAX;
    } finally {
      batch.forEach((e) => this.sending.delete(e.id));
      this.h.emit('sync:status');
    }
  }

  private defer(box: PushQueue<E>, batch: E[]): void {
    const now = this.h.now();
    box.defer(batch.map((e) => ({ id: e.id, at: now + this.h.backoffMs(e.attempts) })));
  }
}
