/**
 * The export runner harness shared by the export job tests (jobs-export,
 * jobs-attributes, jobs-archive and, through action-exports.ts, the action
 * exports): a real Ozon sandbox with one store, a real workspace server
 * (SQLite or PostgreSQL) whose owner linked that store, and an ExportManager
 * of the test's own in place of the app's — one that works only the kinds
 * under test and whose clock the test shifts together with the sandbox's
 * (`advance`), so that Ozon's per-hour / per-day limits can pass in a test.
 *
 * Helpers enqueue export requests for the store (in one transaction, then
 * wake the runner), read job items in the order of their ids and wait until
 * every one has settled. The sandbox's own database is open read-only
 * (`sbDb`): what Ozon really holds, never written behind the market's back
 * except through its own file (`sandboxDbPath`) where a test must.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/index';
import type { JobItemsTable } from '../../../src/server/db/schema';
import { enqueueExport, notifyExports, type ExportKind, type ExportRequest } from '../../../src/server/jobs/enqueue';
import { ExportManager, type ExportRunnerOptions } from '../../../src/server/jobs/runner';
import { validateRequest } from '../../sandbox/openapi';
import { MASTER_KEY, sandbox, stats, waitFor } from '../../helpers/ozon-sandbox';
import { setupOwner, startHarness, type DbKind, type Harness } from './harness';

/** An export request of the env's store: workspaceId and storeId are added by `enqueue` / `toRequest`. */
export type Req = { [K in ExportKind]: Omit<Extract<ExportRequest, { kind: K }>, 'workspaceId' | 'storeId'> }[ExportKind];

export type Row = JobItemsTable;

/** States an item does not leave: `settled` waits until every item is in one. */
export const SETTLED_STATES = ['applied', 'failed', 'drifted', 'superseded'];

export interface ExportEnvOptions {
  /** the sandbox (one store; its database file is the env's) */
  sandbox?: SandboxOptions;
  /** the server's Ozon request timeout; default 1500 */
  ozonTimeoutMs?: number;
  /** the kinds the test's runner works; default every kind */
  kinds?: ExportKind[];
}

export interface ExportEnv {
  sb: RunningSandbox;
  /** the sandbox's database, read-only: what Ozon really holds */
  sbDb: Database.Database;
  sandboxDbPath: string;
  h: Harness;
  /** the owner's access token */
  token: string;
  storeId: string;
  workspaceId: string;
  /** every request the server's Ozon client made, for the schema check */
  exchanges: { path: string; request: unknown; status: number | null }[];
  /** the test's runner (a new one after each startRunner) */
  readonly runner: ExportManager;
  /** the runner's clock: wall time plus every `advance` so far */
  now(): number;
  /** moves the sandbox's clock and the runner's together by `seconds`, then wakes the runner */
  advance(seconds: number): Promise<void>;
  toRequest(r: Req): ExportRequest;
  /** enqueues in one transaction, then wakes the runner; the item ids in the order of `reqs` */
  enqueue(reqs: Req[]): Promise<string[]>;
  /** the items of `ids`, in the order of `ids` */
  items(ids: string[]): Promise<Row[]>;
  /** waits until every item of `ids` has settled (SETTLED_STATES); in the order of `ids` */
  settled(ids: string[], timeoutMs?: number): Promise<Row[]>;
  /** starts a new runner for the store (the env's kinds and clock unless `o` says otherwise) */
  startRunner(o?: ExportRunnerOptions): Promise<void>;
  stopRunner(): Promise<void>;
  close(): Promise<void>;
}

const toPlain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)));

export async function startExportEnv(kind: DbKind, o: ExportEnvOptions = {}): Promise<ExportEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-exports-'));
  const sandboxDbPath = path.join(dir, 'sandbox.db');
  const sb = await sandbox({ stores: 1, ...o.sandbox, dbPath: sandboxDbPath });
  const sbDb = new Database(sandboxDbPath, { readonly: true });
  const exchanges: ExportEnv['exchanges'] = [];
  const h = await startHarness(kind, {
    keyVault: 'encrypted',
    masterKey: MASTER_KEY,
    ozon: { sellerUrl: sb.url, autoImport: false, timeoutMs: o.ozonTimeoutMs ?? 1500, onExchange: (e) => void exchanges.push(e) },
  });
  const token = (await setupOwner(h)).auth.tokens.accessToken;
  const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'A', clientId: sb.stores[0]!.clientId, apiKey: sb.stores[0]!.apiKey } });
  if (res.status !== 200) throw new Error(`link store: ${res.status} ${JSON.stringify(res.body)}`);
  const storeId = res.body.id as string;
  const workspaceId = (await h.built.db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
  // the app's own runner works every kind on the wall clock; the test's replaces it
  await h.built.exports.stopAll();
  let skewMs = 0;
  let runner: ExportManager | null = null;
  const now = () => Date.now() + skewMs;

  const env: ExportEnv = {
    sb,
    sbDb,
    sandboxDbPath,
    h,
    token,
    storeId,
    workspaceId,
    exchanges,
    get runner() {
      if (!runner) throw new Error('no runner started');
      return runner;
    },
    now,
    async advance(seconds) {
      skewMs += seconds * 1000;
      await sb.advance(seconds);
      notifyExports(storeId);
    },
    toRequest: (r) => ({ ...r, workspaceId, storeId }) as ExportRequest,
    async enqueue(reqs) {
      const ids: string[] = [];
      await h.built.db.transaction().execute(async (trx) => {
        for (const r of reqs) ids.push((await enqueueExport(trx, env.toRequest(r))).itemId);
      });
      notifyExports(storeId);
      return ids;
    },
    async items(ids) {
      const out: Row[] = [];
      for (let i = 0; i < ids.length; i += 500) out.push(...(await h.built.db.selectFrom('job_items').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
      const at = new Map(ids.map((id, i) => [id, i]));
      return out.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
    },
    settled(ids, timeoutMs = 90_000) {
      return waitFor(async () => {
        const rows = await env.items(ids);
        return rows.length === ids.length && rows.every((r) => SETTLED_STATES.includes(r.state)) ? rows : null;
      }, timeoutMs, 100);
    },
    async startRunner(ro = {}) {
      await runner?.stopAll();
      runner = new ExportManager({ db: h.built.db, log: h.built.app.log, clientFor: (s) => h.built.stores.clientFor(s) }, { pollMs: 150, kinds: o.kinds, now, ...ro });
      runner.start(await h.built.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow());
    },
    async stopRunner() {
      await runner?.stopAll();
    },
    async close() {
      await runner?.stopAll();
      await h.close();
      sbDb.close();
      await sb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await env.startRunner();
  return env;
}

/** The closing check of every export test: each of `paths` was requested, and every request the server sent is valid against Ozon's official request schemas. */
export function expectValidExchanges(exchanges: ExportEnv['exchanges'], paths: string[]): void {
  const seen = new Set(exchanges.map((e) => e.path));
  for (const p of paths) expect(seen).toContain(p);
  for (const e of exchanges) expect(validateRequest(e.path, toPlain(e.request)), e.path).toEqual([]);
}

/** The outcome of every fault test: each item ended applied, or failed with a reason (never stuck, never failed silently). */
export function expectAppliedOrFailedWithReason(rows: Row[]): void {
  for (const r of rows) {
    if (r.state === 'failed') expect(r.error_message, r.id).toBeTruthy();
    else expect(r.state, `${r.kind} ${r.row_key} ${r.error_message}`).toBe('applied');
  }
}

/**
 * Runs `fn` while the sandbox injects faults into 10% of requests (5xx,
 * timeouts, dropped connections), on fresh stats; asserts that some were
 * served, and ends the faults however `fn` ends.
 */
export async function withFaults<T>(sb: RunningSandbox, fn: () => Promise<T>): Promise<T> {
  sb.control.resetStats();
  sb.setFaults({ rate: 0.1, kinds: ['5xx', 'timeout', 'drop'], timeoutMs: 2500 });
  try {
    const out = await fn();
    expect(Object.values(stats(sb).faults_served).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    return out;
  } finally {
    sb.setFaults({ rate: 0 });
  }
}
