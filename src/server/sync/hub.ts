/**
 * "Changes available" notices for connected clients (SSE).
 *
 * Writers that know they advanced a workspace's feed call notify() after
 * commit; as a safety net (imports and other writers do not notify) the hub
 * polls the heads of workspaces with listeners every `pollMs` — one indexed
 * query for all of them. Each listener gets a notice only when the head moved
 * past what it was last told.
 */
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema';

export interface Listener {
  workspaceId: string;
  /** the last head this listener was told */
  told: number;
  send(head: number): void;
}

export class SyncHub {
  private listeners = new Map<string, Set<Listener>>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private again = new Set<string>();
  private closed = false;

  constructor(
    private db: Kysely<DB>,
    private log: FastifyBaseLogger,
    private pollMs = 1000,
  ) {}

  get size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  add(l: Listener): () => void {
    if (this.closed) throw new Error('sync hub closed');
    const set = this.listeners.get(l.workspaceId) ?? new Set();
    set.add(l);
    this.listeners.set(l.workspaceId, set);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check([...this.listeners.keys()]), this.pollMs);
      this.timer.unref();
    }
    return () => {
      set.delete(l);
      if (!set.size) this.listeners.delete(l.workspaceId);
      if (!this.listeners.size && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** Call after a commit that advanced the workspace's feed. */
  notify(workspaceId: string): void {
    if (this.listeners.has(workspaceId)) void this.check([workspaceId]);
  }

  private async check(workspaceIds: string[]): Promise<void> {
    if (this.closed || !workspaceIds.length) return;
    if (this.checking) {
      // one query at a time; coalesce what arrives meanwhile into one follow-up
      for (const w of workspaceIds) this.again.add(w);
      return;
    }
    this.checking = (async () => {
      try {
        const rows = await this.db.selectFrom('workspace_seq').select(['workspace_id', 'last_seq']).where('workspace_id', 'in', workspaceIds).execute();
        for (const r of rows) {
          const head = Number(r.last_seq);
          for (const l of this.listeners.get(r.workspace_id) ?? []) {
            if (head > l.told) {
              l.told = head;
              l.send(head);
            }
          }
        }
      } catch (err) {
        if (!this.closed) this.log.warn({ err }, 'sync head check failed');
      }
    })();
    await this.checking;
    this.checking = null;
    if (this.again.size) {
      const next = [...this.again];
      this.again.clear();
      await this.check(next);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
