import { createHash } from 'node:crypto';
import { Cache } from '../cache/cache';
import { cacheFilePath } from '../cache/db';
import { CacheQueries } from '../cache/queries';
import { AppError, hasCode } from '../core/errors';
import type { CoreEvents } from '../core/events';
import type { Logger } from '../core/logger';
import type { SessionManager } from '../core/session';
import { SyncEngine, type SyncEngineOptions } from './engine';
import { sessionTransport, type SyncTransport } from './transport';

export interface SyncServiceDeps {
  userDataDir: string;
  sqliteNativeBinding?: string;
  session: SessionManager;
  events: CoreEvents;
  logger: Logger;
  /** the current server's base URL (for the event stream) */
  baseUrl(): string | null;
  /** tests: a transport through a chaos proxy, faster timers */
  transport?: (session: SessionManager) => SyncTransport;
  engine?: Partial<Omit<SyncEngineOptions, 'cache' | 'transport' | 'emit' | 'logger'>>;
}

export interface OpenWorkspace {
  key: string;
  cache: Cache;
  queries: CacheQueries;
  engine: SyncEngine;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Owns the cache + engine of the signed-in workspace: opened on sign-in,
 * paused (never discarded) when the session expires, resumed on the next
 * sign-in, closed on sign-out or when another workspace signs in.
 */
export class SyncService {
  private current: OpenWorkspace | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** the last open failure (CACHE_FROM_NEWER_VERSION …), answered to handlers */
  private openError: AppError | null = null;

  constructor(private readonly deps: SyncServiceDeps) {
    deps.events.on('session:expired', () => this.current?.engine.pause('signed_out'));
    deps.events.on('state:changed', () => void this.reconcile());
  }

  get workspace(): OpenWorkspace | null {
    return this.current;
  }

  /** Runs lifecycle changes one at a time. */
  reconcile(): Promise<void> {
    const p = this.chain.then(() => this.doReconcile());
    this.chain = p.catch((e: unknown) => this.deps.logger.error('cache lifecycle failed', { error: e instanceof Error ? e.message : String(e) }));
    return p;
  }

  private async doReconcile(): Promise<void> {
    if (this.stopped) return;
    const { session } = this.deps;
    const account = session.account;
    const serverKey = session.attachedKey;
    if (!account || !serverKey) {
      // the session says why it has no account: no reliance on the order of session:expired and state:changed
      if (this.current && session.expired) {
        // the session expired: keep the cache (reads, pending edits) and pause the queue
        this.current.engine.pause('signed_out');
        return;
      }
      await this.close();
      return;
    }
    const key = `${serverKey}\u0000${account.workspace.id}`;
    if (this.current?.key === key) {
      this.current.engine.resume();
      return;
    }
    await this.close();
    const file = cacheFilePath(this.deps.userDataDir, serverKey, account.workspace.id, sha256);
    let cache: Cache;
    try {
      cache = new Cache(file, { nativeBinding: this.deps.sqliteNativeBinding });
      this.openError = null;
    } catch (e) {
      this.openError = e instanceof AppError ? e : new AppError('CACHE_UNAVAILABLE');
      this.deps.logger.error('local cache could not be opened', { code: this.openError.ipc.code });
      return;
    }
    const inner = this.deps.transport ? this.deps.transport(session) : sessionTransport(session, this.deps.baseUrl, this.deps.logger);
    // eslint-disable-next-line prefer-const -- the watcher needs the engine it feeds
    let engine: SyncEngine;
    const transport = watchReachability(inner, () => this.backOnline(engine));
    engine = new SyncEngine({
      ...this.deps.engine,
      cache,
      transport,
      logger: this.deps.logger,
      emit: (ev) => this.deps.events.emit(ev),
    });
    this.current = { key, cache, queries: new CacheQueries(cache), engine };
    engine.start();
    this.deps.events.emit('sync:status');
    this.deps.events.emit('data:changed');
  }

  /**
   * The server answered again after failing as unreachable: what waited in
   * the outbox is due now (its back-off grew while offline, up to minutes),
   * so the edits go out on reconnection instead of at their next timer.
   */
  private backOnline(engine: SyncEngine): void {
    const w = this.current;
    if (!w || w.engine !== engine || !w.cache.isOpen) return;
    const now = Date.now();
    const due = w.cache
      .entries()
      .filter((e) => e.state === 'pending' && e.nextAttemptAt > now && !engine.isSending(e.id))
      .map((e) => ({ id: e.id, at: now }));
    if (due.length) w.cache.defer(due);
    setImmediate(() => void engine.push().catch(() => undefined));
  }

  /**
   * The session was confirmed after an offline start: resume the queue and
   * sync now (pending edits are due at once), and let lists re-read (the
   * store list comes from the server again).
   */
  async reconnected(): Promise<void> {
    await this.reconcile();
    const w = this.current;
    if (!w) return;
    w.engine.resume();
    this.backOnline(w.engine);
    this.deps.events.emit('data:changed');
    await w.engine.syncNow().catch(() => undefined);
  }

  /** The open workspace, or the reason there is none. */
  require(): OpenWorkspace {
    if (this.current) return this.current;
    if (this.openError) throw this.openError;
    throw new AppError('NOT_SIGNED_IN');
  }

  private async close(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    await cur.engine.stop();
    cur.cache.close();
    this.deps.events.emit('sync:status');
    this.deps.events.emit('data:changed');
  }

  /** Core shutdown: drain the push in flight, close the database. */
  async shutdown(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.stopped = true;
    await this.close();
  }
}

/**
 * Wraps a transport to notice reconnection: after a call failed as
 * SERVER_UNREACHABLE, the next call that succeeds reports `onBack` once.
 */
function watchReachability(inner: SyncTransport, onBack: () => void): SyncTransport {
  let down = false;
  const answered = () => {
    if (!down) return;
    down = false;
    onBack();
  };
  const watch = async <T>(p: Promise<T>): Promise<T> => {
    try {
      const r = await p;
      answered();
      return r;
    } catch (e) {
      if (hasCode(e, 'SERVER_UNREACHABLE')) down = true;
      throw e;
    }
  };
  return {
    pull: (after, limit) => watch(inner.pull(after, limit)),
    push: (mutations) => watch(inner.push(mutations)),
    ...(inner.events
      ? {
          events: (h) =>
            inner.events!({
              ...h,
              onOpen: () => {
                answered();
                h.onOpen();
              },
            }),
        }
      : {}),
  };
}
