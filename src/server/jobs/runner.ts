/**
 * The export runner: per store, one lane per kind (price, stock, …), each a
 * sequential loop over durable job items. Stores never wait for each other;
 * all lanes of one Client-Id share only the process-wide OzonLimiter (through
 * their OzonClient), which enforces 50 req/s and stocks' 80 req/min.
 *
 * A lane iteration:
 *  1. Recovery: items of the lane left 'sending' (crash, ambiguous outcome)
 *     or 'written' (read-back not done) are READ BACK first. Ozon already has
 *     the value → applied (never sent twice). 'written' but different →
 *     drifted. 'sending' and different → pending again (resend).
 *  2. Claim: pending items whose not_before has passed, up to Ozon's batch
 *     size. Items over Ozon's item-level limits are held (pending, not_before
 *     and a reason the person sees), not failed.
 *  3. Stock only: pre-read reserved units (Ozon's `stock` excludes them);
 *     pairs already showing the value settle as applied without a request.
 *  4. pending → sending committed (batch_id = attempt id), THEN the request.
 *  5. HTTP 200: per item updated → written; Ozon's "too many requests" →
 *     held; other per-item errors → failed with Ozon's code/message.
 *     429 / "Circle is open" (after the client's own retries) → pending again
 *     and the lane backs off with jitter. Timeouts / dropped connections /
 *     5xx → ambiguous: items stay 'sending' and step 1 reads them back.
 *     Other 4xx → failed with Ozon's message.
 *  6. Read back the written items → applied or drifted. A kind with
 *     `pipeline` > 0 (stock: its 80/min send budget is the bottleneck, its
 *     read-backs draw on another) reads back behind the next send: up to
 *     `pipeline` written batches await their read-back while the lane
 *     claims, pre-reads and sends the next. Their items are already durably
 *     'written', so recovery (step 1, skipping only ids still in flight in
 *     this process) reads them back after a crash; an item whose key is in
 *     flight is not claimed until that read-back settles (no second value
 *     for a key while the first is being verified).
 *
 * Shutdown drains: lanes stop between steps; an in-flight request gets
 * `drainMs` to finish, then is aborted, leaving its items 'sending' for the
 * read-back on the next start.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, StoresTable } from '../db/schema';
import { isOzonError, type OzonApiError } from '../ozon/errors';
import type { OzonClient } from '../ozon/client';
import { isSafeToResendWrite } from '../ozon/client';
import { onExportsNotified, type ExportKind } from './enqueue';
import { HANDLERS, type KindHandler, type ReadBack } from './kinds';
import { holdPending, markPending, markSending, markWritten, refreshJobs, settle, type ItemRow, type Outcome } from './settle';

export interface ExportRunnerOptions {
  /** idle poll interval (enqueueExport + notifyExports wakes lanes sooner); default 1000 */
  pollMs?: number;
  /** how long a shutdown waits for in-flight requests before aborting them; default 10000 */
  drainMs?: number;
  /** wall clock for Ozon's item-level limits (tests shift it together with the sandbox's limits clock) */
  now?: () => number;
  /** kinds to run (default: every kind with a handler) */
  kinds?: ExportKind[];
  /** observes lane events (tests, bench); 'sent' carries how many items Ozon refused, by Ozon's per-item code */
  onEvent?: (e: { storeId: string; kind: ExportKind; type: 'sent' | 'recovered' | 'backoff' | 'ambiguous'; count: number; refused?: Record<string, number> }) => void;
}

export interface ExportRunnerDeps {
  db: Kysely<DB>;
  log: FastifyBaseLogger;
  clientFor(store: StoresTable): Promise<OzonClient>;
}

class Lane {
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private readonly abort = new AbortController();
  private failures = 0;
  /** read-backs running behind the next send (KindHandler.pipeline) */
  private readonly behind = new Set<Promise<void>>();
  /** ids and keys of their items: recovery skips the ids, the claim skips the keys */
  private readonly behindIds = new Set<string>();
  private readonly behindKeys = new Set<string>();
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StoresTable,
    private readonly h: KindHandler,
    private readonly deps: ExportRunnerDeps,
    private readonly opts: Required<Omit<ExportRunnerOptions, 'kinds' | 'onEvent'>> & Pick<ExportRunnerOptions, 'onEvent'>,
  ) {}

  start(): void {
    this.done = this.loop();
  }

  wake(): void {
    this.wakeUp?.();
  }

  stopSoft(): void {
    this.stopped = true;
    this.wake();
  }

  abortNow(): void {
    this.abort.abort(new Error('export runner stopped'));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private get db() {
    return this.deps.db;
  }

  private async loop(): Promise<void> {
    let client: OzonClient | null = null;
    while (!this.stopped) {
      try {
        client ??= await this.deps.clientFor(this.store);
        const wait = await this.step(client);
        this.failures = 0;
        if (wait > 0 && !this.stopped) await this.sleep(wait);
      } catch (e) {
        if (this.stopped) break;
        this.failures++;
        const delay = Math.min(60_000, 500 * 2 ** Math.min(this.failures, 7)) * (0.5 + Math.random());
        const err = e as OzonApiError;
        if (isOzonError(e) && (err.kind === 'unauthenticated' || err.kind === 'permission')) client = null;
        this.deps.log.warn({ err: e, storeId: this.store.id, kind: this.h.kind, delayMs: Math.round(delay) }, 'export lane error');
        await this.sleep(delay);
      }
    }
    // a stop lets read-backs in flight finish (or fail on abort: the items stay 'written' for recovery)
    await Promise.all(this.behind);
  }

  /** One iteration; returns how long to sleep before the next (0 = go on). */
  private async step(c: OzonClient): Promise<number> {
    const signal = this.abort.signal;
    // at most `pipeline` batches awaiting read-back: wait for the oldest to settle first
    while (this.behind.size >= Math.max(1, this.h.pipeline ?? 0)) await Promise.race(this.behind);
    // 1. recovery (items whose read-back is in flight here are not stale)
    const inFlight = [...this.behindIds];
    const stale = (await this.db
      .selectFrom('job_items')
      .selectAll()
      .where('store_id', '=', this.store.id)
      .where('kind', '=', this.h.kind)
      .where('state', 'in', ['sending', 'written'])
      .$if(inFlight.length > 0, (q) => q.where('id', 'not in', inFlight))
      .orderBy('id')
      .limit(this.h.batchSize)
      .execute()) as ItemRow[];
    if (stale.length) {
      await this.recover(c, stale, signal);
      return 0;
    }
    // 2. claim
    const now = this.opts.now();
    const cand = (await this.db
      .selectFrom('job_items')
      .selectAll()
      .where('store_id', '=', this.store.id)
      .where('kind', '=', this.h.kind)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', new Date(now).toISOString())]))
      .orderBy('id')
      .limit(this.h.batchSize)
      .execute()) as ItemRow[];
    if (!cand.length) return this.idleWait(now);
    const holds = await this.h.holds(this.db, this.store.id, cand, now);
    if (holds.length) await holdPending(this.db, holds);
    const held = new Set(holds.map((x) => x.id));
    let batch = cand.filter((i) => !held.has(i.id) && !this.behindKeys.has(i.item_key));
    if (!batch.length) {
      // every claimable item waits for a read-back of its key: let one settle
      if (this.behind.size && !holds.length) await Promise.race(this.behind);
      return 0;
    }
    // 3. pre-read (stock)
    let pre: Map<string, ReadBack> | null = null;
    if (this.h.preRead) {
      pre = await this.h.read(c, this.db, this.store.id, batch, signal);
      const already = batch.filter((i) => pre!.get(i.id)?.matches);
      if (already.length) {
        await settle(this.db, already, already.map((i) => ({ id: i.id, state: 'applied', code: null, message: 'Ozon already had this value', readback: pre!.get(i.id)!.value })));
        await refreshJobs(this.db, already.map((i) => i.job_id));
        const skip = new Set(already.map((i) => i.id));
        batch = batch.filter((i) => !skip.has(i.id));
      }
      if (!batch.length) return 0;
    }
    // 4. sending, committed before the request
    const { items } = await markSending(this.db, batch.map((i) => i.id), new Date(this.opts.now()).toISOString());
    if (!items.length) return 0;
    const body = this.h.body(items, pre);
    let results;
    try {
      results = await this.h.results(c, items, body, signal);
    } catch (e) {
      return this.onSendError(items, e);
    }
    // 5. per-item outcomes
    const written: ItemRow[] = [];
    const failed: Outcome[] = [];
    const waitHolds = [];
    const refused: Record<string, number> = {};
    for (const it of items) {
      const r = results.get(it.id);
      if (!r) continue; // Ozon did not mention it: stays 'sending' → read back next step
      if (r.ok) written.push(it);
      else {
        const code = r.code ?? 'UNKNOWN';
        refused[code] = (refused[code] ?? 0) + 1;
        if (r.code && this.h.waitCodes.includes(r.code)) waitHolds.push(this.h.waitHold(it, this.opts.now()));
        else failed.push({ id: it.id, state: 'failed', code: r.code ?? null, message: r.message ?? null });
      }
    }
    this.opts.onEvent?.({ storeId: this.store.id, kind: this.h.kind, type: 'sent', count: items.length, refused });
    await markWritten(this.db, written.map((i) => i.id));
    for (const h of waitHolds) await markPending(this.db, [h.id], { notBefore: h.notBefore, code: 'held', message: h.message });
    if (failed.length) await settle(this.db, items, failed);
    // 6. read back (behind the next send when the kind pipelines)
    const toRead = written.map((i) => ({ ...i, state: 'written' }));
    if (toRead.length && (this.h.pipeline ?? 0) > 0) {
      this.readBehind(c, toRead, items, signal);
      return 0;
    }
    if (toRead.length) await this.readBack(c, toRead, signal);
    await refreshJobs(this.db, items.map((i) => i.job_id));
    return 0;
  }

  /** Reads `written` back without holding up the lane; a failure leaves them 'written' for step 1. */
  private readBehind(c: OzonClient, written: ItemRow[], items: ItemRow[], signal: AbortSignal): void {
    for (const i of written) {
      this.behindIds.add(i.id);
      this.behindKeys.add(i.item_key);
    }
    const task: Promise<void> = this.readBack(c, written, signal)
      .then(() => refreshJobs(this.db, items.map((i) => i.job_id)))
      .catch((e: unknown) => {
        if (!signal.aborted) this.deps.log.warn({ err: e, storeId: this.store.id, kind: this.h.kind }, 'export read-back failed; recovery reads the items back');
      })
      .finally(() => {
        for (const i of written) {
          this.behindIds.delete(i.id);
          this.behindKeys.delete(i.item_key);
        }
        this.behind.delete(task);
      });
    this.behind.add(task);
  }

  private async idleWait(now: number): Promise<number> {
    const next = await this.db
      .selectFrom('job_items')
      .select((eb) => eb.fn.min('not_before').as('nb'))
      .where('store_id', '=', this.store.id)
      .where('kind', '=', this.h.kind)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    const nb = next?.nb ? Date.parse(String(next.nb)) - now : Infinity;
    return Math.max(50, Math.min(this.opts.pollMs, nb));
  }

  private async onSendError(items: ItemRow[], e: unknown): Promise<number> {
    const ids = items.map((i) => i.id);
    if (!isOzonError(e)) {
      // aborted (shutdown) or a local failure after the request may have left: read back later
      this.opts.onEvent?.({ storeId: this.store.id, kind: this.h.kind, type: 'ambiguous', count: ids.length });
      if (this.stopped) return 0;
      throw e;
    }
    if (isSafeToResendWrite(e)) {
      // Ozon certainly did not process it: back to pending, back off with jitter
      await markPending(this.db, ids);
      this.failures++;
      this.opts.onEvent?.({ storeId: this.store.id, kind: this.h.kind, type: 'backoff', count: ids.length });
      return Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5)) * (0.5 + Math.random());
    }
    if (e.ambiguous || e.kind === 'unavailable' || e.kind === 'timeout' || e.kind === 'network' || e.kind === 'bad_response') {
      // may have been applied: leave 'sending'; the next step reads it back before any resend
      this.opts.onEvent?.({ storeId: this.store.id, kind: this.h.kind, type: 'ambiguous', count: ids.length });
      return 200 + Math.random() * 800;
    }
    if (e.kind === 'unauthenticated' || e.kind === 'permission') {
      await markPending(this.db, ids);
      throw e;
    }
    // rejected (4xx) as a whole: Ozon's reason on every item
    await settle(
      this.db,
      items,
      items.map((i) => ({ id: i.id, state: 'failed', code: String(e.code ?? e.httpStatus ?? 'REJECTED'), message: e.ozonMessage || e.message })),
    );
    await refreshJobs(this.db, items.map((i) => i.job_id));
    return 0;
  }

  private async readBack(c: OzonClient, items: ItemRow[], signal: AbortSignal): Promise<void> {
    const seen = await this.h.read(c, this.db, this.store.id, items, signal);
    const outcomes: Outcome[] = [];
    for (const it of items) {
      const r = seen.get(it.id);
      if (r?.matches) outcomes.push({ id: it.id, state: 'applied', readback: r.value, row: r.row });
      else outcomes.push({ id: it.id, state: 'drifted', code: 'DRIFTED', message: r ? `Ozon shows ${JSON.stringify(r.value)} after the write` : 'Ozon does not show the item after the write', readback: r?.value ?? null, row: r?.row });
    }
    await settle(this.db, items, outcomes);
  }

  private async recover(c: OzonClient, stale: ItemRow[], signal: AbortSignal): Promise<void> {
    const seen = await this.h.read(c, this.db, this.store.id, stale, signal);
    const outcomes: Outcome[] = [];
    const resend: string[] = [];
    for (const it of stale) {
      const r = seen.get(it.id);
      if (r?.matches) outcomes.push({ id: it.id, state: 'applied', readback: r.value, row: r.row });
      else if (it.state === 'written') outcomes.push({ id: it.id, state: 'drifted', code: 'DRIFTED', message: r ? `Ozon shows ${JSON.stringify(r.value)} after the write` : 'Ozon does not show the item after the write', readback: r?.value ?? null, row: r?.row });
      else resend.push(it.id);
    }
    await settle(this.db, stale, outcomes);
    await markPending(this.db, resend);
    await refreshJobs(this.db, stale.map((i) => i.job_id));
    this.opts.onEvent?.({ storeId: this.store.id, kind: this.h.kind, type: 'recovered', count: stale.length });
  }
}

/** Owns the export lanes of this process: one set per active store. */
export class ExportManager {
  private readonly stores = new Map<string, Lane[]>();
  private stopped = false;
  private readonly opts: Required<Omit<ExportRunnerOptions, 'kinds' | 'onEvent'>> & Pick<ExportRunnerOptions, 'onEvent' | 'kinds'>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: ExportRunnerDeps,
    opts: ExportRunnerOptions = {},
  ) {
    this.opts = { pollMs: opts.pollMs ?? 1000, drainMs: opts.drainMs ?? 10_000, now: opts.now ?? Date.now, kinds: opts.kinds, onEvent: opts.onEvent };
    this.unsubscribe = onExportsNotified((storeId) => this.wake(storeId));
  }

  async startAll(): Promise<void> {
    const rows = await this.deps.db.selectFrom('stores').selectAll().where('status', 'in', ['active', 'unreachable']).execute();
    for (const r of rows) this.start(r);
  }

  start(store: StoresTable): void {
    if (this.stopped || this.stores.has(store.id)) return;
    const kinds = this.opts.kinds ?? (Object.keys(HANDLERS) as ExportKind[]);
    const lanes = kinds.map((k) => new Lane(store, HANDLERS[k], this.deps, this.opts));
    this.stores.set(store.id, lanes);
    for (const l of lanes) l.start();
  }

  wake(storeId: string): void {
    for (const l of this.stores.get(storeId) ?? []) l.wake();
  }

  isRunning(storeId: string): boolean {
    return this.stores.has(storeId);
  }

  async stop(storeId: string): Promise<void> {
    const lanes = this.stores.get(storeId) ?? [];
    this.stores.delete(storeId);
    await this.drain(lanes);
  }

  /** Graceful: lanes finish their current step (in-flight requests get drainMs), then stop. */
  async stopAll(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    const all = [...this.stores.values()].flat();
    this.stores.clear();
    await this.drain(all);
  }

  private async drain(lanes: Lane[]): Promise<void> {
    for (const l of lanes) l.stopSoft();
    const all = Promise.all(lanes.map((l) => l.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), this.opts.drainMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      for (const l of lanes) l.abortNow();
      await all;
    }
  }
}
