import { SYNC_PAGE_MAX, type ChangePage } from '../../shared/sync/protocol';
import type { SyncStatus } from '../../shared/ipc/workstation';
import type { ActionEntry } from '../cache/action-outbox';
import type { Cache, OutboxEntry } from '../cache/cache';
import { isAppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { OutboxPush, type PushHooks } from './action-push';
import type { SyncTransport } from './transport';

export interface SyncEngineOptions {
  cache: Cache;
  transport: SyncTransport;
  /** 'sync:status' and 'data:changed' go to the core's event emitter */
  emit(event: 'sync:status' | 'data:changed'): void;
  logger: Logger;
  /** polling fallback; also runs right after the event stream (re)connects */
  pollMs?: number;
  pageSize?: number;
  /** outbox retry back-off (full jitter): random(0, min(max, base·2^(attempts-1))) */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** event stream reconnect back-off */
  reconnectMaxMs?: number;
  /** show progress for pulls larger than this many changes */
  progressThreshold?: number;
  now?: () => number;
  random?: () => number;
}

type Paused = SyncStatus['paused'];

/** A page asked for: from which cursor, its answer, and the next page's request when the answer's headers allowed asking early. */
interface PendingPage {
  from: number;
  page: Promise<ChangePage>;
  ahead: PendingPage | null;
  /** nobody will apply it: it asks for nothing more */
  dropped: boolean;
}

/** Pull answers asked for and not yet applied, at most (each up to PULL_MAX_BYTES in memory). */
const PULL_AHEAD = 2;

/** An answer nobody will apply (and the ones asked for after it): their failure is not an error of anything that runs. */
function settle(p: PendingPage | null): void {
  for (; p; p = p.ahead) {
    p.dropped = true;
    p.page.catch(() => undefined);
  }
}

const AUTH_CODES = ['UNAUTHENTICATED', 'NOT_SIGNED_IN', 'REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED'];

/**
 * Pull (feed pages after the cursor, each applied in one transaction with
 * the cursor) and push (the durable outbox, batches, back-off with full
 * jitter). Nothing in the outbox is ever dropped except by the server's
 * answer or a person's discard.
 */
export class SyncEngine {
  private online = false;
  private paused: Paused = null;
  private progress: SyncStatus['pull'] = null;
  private pulling: Promise<void> | null = null;
  private pullAgain = false;
  private pushing: Promise<void> | null = null;
  private pushAgain = false;
  private pushTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closeEvents: (() => void) | null = null;
  private reconnectAttempts = 0;
  /** the highest head announced by a notice while the current pull ran: one follow-up pull while the cursor is below it */
  private noticedHead = 0;
  private running = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly o: Required<Pick<SyncEngineOptions, 'pollMs' | 'pageSize' | 'backoffBaseMs' | 'backoffMaxMs' | 'reconnectMaxMs' | 'progressThreshold'>>;

  /** the edit outbox's and the action outbox's senders: same transport, pause, online state and back-off (action-push.ts) */
  private readonly edits: OutboxPush<OutboxEntry>;
  readonly actions: OutboxPush<ActionEntry>;

  constructor(private readonly opts: SyncEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    const hooks: PushHooks = {
      canSend: () => !this.paused && opts.cache.isOpen,
      canApply: () => opts.cache.isOpen,
      transport: opts.transport,
      onError: (e) => this.onError(e),
      markOnline: () => this.markOnline(),
      backoffMs: (n) => this.backoffMs(n),
      now: () => this.now(),
      emit: (ev) => opts.emit(ev),
      pull: () => void this.pull().catch(() => undefined),
    };
    this.edits = new OutboxPush(() => opts.cache, hooks);
    // an action's answer arriving after a pause is left for the resend (same id, the server answers it again)
    this.actions = new OutboxPush(() => opts.cache.actions, { ...hooks, canApply: hooks.canSend });
    this.o = {
      pollMs: opts.pollMs ?? 30_000,
      pageSize: Math.min(opts.pageSize ?? SYNC_PAGE_MAX, SYNC_PAGE_MAX),
      backoffBaseMs: opts.backoffBaseMs ?? 1000,
      backoffMaxMs: opts.backoffMaxMs ?? 5 * 60_000,
      reconnectMaxMs: opts.reconnectMaxMs ?? 30_000,
      progressThreshold: opts.progressThreshold ?? 2 * SYNC_PAGE_MAX,
    };
  }

  get cache(): Cache {
    return this.opts.cache;
  }

  /** Start syncing: events, polling, and whatever the outbox holds. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.pollTimer = setInterval(() => void this.syncNow().catch(() => undefined), this.o.pollMs);
    this.pollTimer.unref?.();
    this.connectEvents();
    void this.syncNow().catch(() => undefined);
  }

  /** Stop: close the stream and timers, let the running push/pull finish (drain), bounded by timeoutMs. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.running = false;
    for (const t of [this.pushTimer, this.reconnectTimer]) if (t) clearTimeout(t);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pushTimer = this.reconnectTimer = this.pollTimer = null;
    this.closeEvents?.();
    this.closeEvents = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([this.pulling, this.pushing].filter(Boolean)),
      new Promise((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  pause(reason: NonNullable<Paused>): void {
    if (this.paused === reason) return;
    this.paused = reason;
    this.closeEvents?.();
    this.closeEvents = null;
    this.emitStatus();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = null;
    this.emitStatus();
    if (this.running) {
      this.connectEvents();
      void this.syncNow().catch(() => undefined);
    }
  }

  status(): SyncStatus {
    const c = this.opts.cache.isOpen ? this.opts.cache.counts() : { pending: 0, failed: 0, conflict: 0 };
    const a = this.opts.cache.isOpen ? this.opts.cache.actions.counts() : { pending: 0, failed: 0 };
    return {
      online: this.online,
      pending: c.pending + a.pending,
      failed: c.failed + a.failed,
      conflicts: c.conflict,
      lastSyncedAt: this.opts.cache.isOpen ? this.opts.cache.getMeta('lastSyncedAt') : null,
      pull: this.progress,
      paused: this.paused,
    };
  }

  isSending(id: string): boolean {
    return this.edits.isSending(id);
  }

  /** Push what is due, then pull until caught up. */
  async syncNow(): Promise<void> {
    await this.push();
    await this.pull();
  }

  /** A local edit happened: push soon. */
  kick(): void {
    this.emitStatus();
    this.opts.emit('data:changed');
    if (this.running && !this.paused) setImmediate(() => void this.push().catch(() => undefined));
  }

  // ---------- pull ----------
  pull(): Promise<void> {
    if (this.paused || !this.opts.cache.isOpen) return Promise.resolve();
    if (this.pulling) {
      this.pullAgain = true;
      return this.pulling;
    }
    const p = (async () => {
      try {
        do {
          this.pullAgain = false;
          this.noticedHead = 0;
          await this.pullLoop();
        } while ((this.pullAgain || this.noticedHead > this.opts.cache.cursor) && !this.paused && this.opts.cache.isOpen);
      } finally {
        this.pulling = null;
        if (this.progress) {
          this.progress = null;
          this.emitStatus();
        }
      }
    })();
    this.pulling = p;
    return p;
  }

  /**
   * Pages after the cursor until caught up, each applied in its own
   * transaction with its cursor, in order. The next page is asked for as soon
   * as its cursor is known: from the answer's headers, before this page is
   * decoded and applied (or from the decoded page, when a server sends none),
   * so the server builds page N+1 while page N is read and written. At most
   * PULL_AHEAD answers are asked for and not yet applied. A pull from cursor 0
   * is a first sync: pages are applied in bulk (list and search indexes built
   * once at the end, see cache/apply.ts).
   */
  private async pullLoop(): Promise<void> {
    const cache = this.opts.cache;
    const start = cache.cursor;
    const bulk = start === 0;
    const t0 = this.now();
    let after = start;
    // requests asked for and not yet taken by the loop (the chain below); none is started once the loop has ended
    let waiting = 0;
    let ended = false;
    const request = (from: number): PendingPage => {
      waiting++;
      // `page` is set right below: its own onHead reads `p`
      const p = { from, ahead: null, dropped: false } as Omit<PendingPage, 'page'> as PendingPage;
      p.page = this.opts.transport.pull(from, this.o.pageSize, (head) => {
        if (!ended && !p.dropped && waiting < PULL_AHEAD && head.hasMore && head.cursor > from && !this.paused && cache.isOpen) p.ahead = request(head.cursor);
      });
      return p;
    };
    let next: PendingPage | null = request(after);
    try {
      for (;;) {
        if (!cache.isOpen || this.paused) return;
        const cur: PendingPage = next!;
        next = null;
        let page: ChangePage;
        try {
          page = await cur.page;
        } catch (e) {
          next = cur.ahead;
          this.onError(e);
          throw e;
        } finally {
          waiting--;
        }
        this.markOnline();
        if (!cache.isOpen) return;
        // a stale answer (a concurrent pull already moved on) or a cursor going backwards is not applied
        if (cache.cursor !== after || page.cursor < after) {
          next = cur.ahead;
          return;
        }
        const more = page.hasMore && page.cursor !== after;
        // the request asked for early is the next page's when the headers announced this very cursor (they must)
        if (cur.ahead && (!more || cur.ahead.from !== page.cursor)) {
          settle(cur.ahead);
          waiting--;
          cur.ahead = null;
        }
        if (more) {
          next = cur.ahead ?? request(page.cursor);
          // let a request just made leave before the synchronous apply holds the thread
          await new Promise((r) => setImmediate(r));
          if (!cache.isOpen || this.paused) return;
        }
        const stores = cache.applyPage(page.changes, page.cursor, undefined, { bulk });
        after = page.cursor;
        const total = page.head - start;
        if (page.hasMore && total > this.o.progressThreshold) {
          const done = page.cursor - start;
          const elapsed = (this.now() - t0) / 1000;
          this.progress = { done, total, etaSeconds: done > 0 ? Math.round((elapsed / done) * (total - done)) : null };
        }
        if (stores.size || page.changes.length || this.progress) {
          this.emitStatus();
          if (page.changes.length) this.opts.emit('data:changed');
        }
        if (!more) return;
      }
    } finally {
      ended = true;
      // answers nobody will apply (the next page, and any asked for early after it): settle them quietly
      settle(next);
      // deferred list and search indexes (first sync) are completed whenever the loop ends, caught up or not, one
      // step per turn of the event loop (seconds of work at 100k rows: the app keeps answering); a cache closed
      // half way completes them when it opens again
      let rebuilt = false;
      while (cache.isOpen && cache.finishPullStep()) {
        rebuilt = true;
        await new Promise((r) => setImmediate(r));
      }
      if (rebuilt) this.opts.emit('data:changed');
      // planner statistics after a large pull, once the indexes exist again
      if (cache.isOpen && cache.cursor - start > 10_000) cache.optimize();
    }
  }

  // ---------- push ----------
  push(): Promise<void> {
    if (this.paused || !this.opts.cache.isOpen) return Promise.resolve();
    if (this.pushing) {
      this.pushAgain = true;
      return this.pushing;
    }
    const p = (async () => {
      try {
        do {
          this.pushAgain = false;
          await this.edits.pushDue();
          await this.actions.pushDue();
        } while (this.pushAgain && !this.paused && this.opts.cache.isOpen);
      } finally {
        this.pushing = null;
        this.schedulePush();
      }
    })();
    this.pushing = p;
    return p;
  }

  backoffMs(attempts: number): number {
    const cap = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
    return Math.max(Math.min(250, cap), Math.floor(this.random() * cap));
  }

  private schedulePush(): void {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    if (!this.running || this.paused || !this.opts.cache.isOpen) return;
    const due = [this.opts.cache.nextDueAt(), this.opts.cache.actions.nextDueAt()].filter((t): t is number => t !== null);
    if (!due.length) return;
    const next = Math.min(...due);
    const delay = Math.max(0, Math.min(next - this.now(), 2 ** 31 - 1));
    this.pushTimer = setTimeout(() => void this.push().catch(() => undefined), delay);
    this.pushTimer.unref?.();
  }

  // ---------- events ----------
  private connectEvents(): void {
    if (!this.running || this.paused || this.closeEvents || !this.opts.transport.events) return;
    this.closeEvents = this.opts.transport.events({
      onOpen: () => {
        this.reconnectAttempts = 0;
        this.markOnline();
        void this.syncNow().catch(() => undefined);
      },
      onNotice: (head) => this.onNotice(head),
      onClose: (status) => {
        this.closeEvents = null;
        if (status === 401) return this.pause('signed_out');
        if (!this.running || this.paused) return;
        const cap = Math.min(this.o.reconnectMaxMs, 1000 * 2 ** Math.min(10, this.reconnectAttempts++));
        this.reconnectTimer = setTimeout(
          () => {
            this.reconnectTimer = null;
            this.connectEvents();
          },
          Math.max(250, Math.floor(this.random() * cap)),
        );
        this.reconnectTimer.unref?.();
      },
    });
  }

  /**
   * A "changes up to `head`" notice. Pulls at once when no pull runs;
   * notices arriving while one runs (another client's push announces every
   * committed chunk) only raise `noticedHead`, and that pull runs ONE more
   * round when it ends below the highest head announced meanwhile (pull()).
   * So no notice is lost and none costs a pull of its own; a failed pull
   * ends it, and the next notice, a reconnect or the polling fallback picks
   * it up.
   */
  private onNotice(head: number): void {
    if (head <= this.opts.cache.cursor) return;
    if (this.pulling) this.noticedHead = Math.max(this.noticedHead, head);
    else void this.pull().catch(() => undefined);
  }

  // ---------- state ----------
  private onError(e: unknown): void {
    const code = isAppError(e) ? e.ipc.code : 'INTERNAL';
    if (AUTH_CODES.includes(code)) return this.pause('signed_out');
    if (code === 'SERVER_UNREACHABLE') {
      if (this.online) {
        this.online = false;
        this.emitStatus();
      }
    } else {
      this.markOnline();
      this.opts.logger.warn('sync request failed', { code });
    }
  }

  private markOnline(): void {
    if (!this.online) {
      this.online = true;
      this.emitStatus();
    }
  }

  private emitStatus(): void {
    this.opts.emit('sync:status');
  }
}
