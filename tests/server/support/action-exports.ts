/**
 * Shared set-up of the action export tests (jobs-postings, jobs-feedback,
 * jobs-promotions): a real workspace server (SQLite or PostgreSQL) with one
 * store linked to a real Ozon sandbox, the app's own export runner replaced
 * by one working only the kinds under test, and helpers to enqueue, wait for
 * settled items and inspect the sandbox's own database (read-only).
 *
 * The sandbox runs in real time (timeScale 1, starting now) so that Ozon's
 * created_at of a reply and the runner's sent_at share one clock, as they do
 * (within seconds) with the real Ozon.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/index';
import { enqueueExport, notifyExports, type ExportKind, type ExportRequest } from '../../../src/server/jobs/enqueue';
import { ExportManager } from '../../../src/server/jobs/runner';
import { MASTER_KEY, sandbox, waitFor } from '../../helpers/ozon-sandbox';
import { setupOwner, startHarness, type DbKind, type Harness } from './harness';

export type Req = { [K in ExportKind]: Omit<Extract<ExportRequest, { kind: K }>, 'workspaceId' | 'storeId'> }[ExportKind];

export interface ActionEnv {
  sb: RunningSandbox;
  /** the sandbox's database, read-only: what Ozon really holds */
  sbDb: Database.Database;
  h: Harness;
  storeId: string;
  workspaceId: string;
  exchanges: { path: string; request: unknown; status: number | null }[];
  runner: ExportManager;
  enqueue(reqs: Req[]): Promise<string[]>;
  items(ids: string[]): Promise<Row[]>;
  settled(ids: string[], timeoutMs?: number): Promise<Row[]>;
  startRunner(): Promise<void>;
  stopRunner(): Promise<void>;
  close(): Promise<void>;
}

export interface Row {
  id: string;
  kind: string | null;
  row_key: string | null;
  state: string;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  readback: string | null;
  sent_at: string | null;
}

export const toPlain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)));

export async function startActionEnv(kind: DbKind, kinds: ExportKind[], sbOpts: SandboxOptions = {}): Promise<ActionEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-actions-'));
  const sb = await sandbox({ stores: 1, products: 120, dbPath: path.join(dir, 'sandbox.db'), timeScale: 1, startTime: Date.now(), ordersPerDay: 0, historyDays: 3, ...sbOpts });
  const sbDb = new Database(path.join(dir, 'sandbox.db'), { readonly: true });
  const exchanges: ActionEnv['exchanges'] = [];
  const h = await startHarness(kind, {
    keyVault: 'encrypted',
    masterKey: MASTER_KEY,
    ozon: { sellerUrl: sb.url, autoImport: false, timeoutMs: 1500, onExchange: (e) => void exchanges.push(e) },
  });
  const token = (await setupOwner(h)).auth.tokens.accessToken;
  const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'A', clientId: sb.stores[0]!.clientId, apiKey: sb.stores[0]!.apiKey } });
  if (res.status !== 200) throw new Error(`link store: ${res.status} ${JSON.stringify(res.body)}`);
  const storeId = res.body.id as string;
  const workspaceId = (await h.built.db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
  // the app's own runner works every kind; the test's works only the kinds under test
  await h.built.exports.stopAll();
  const make = () => new ExportManager({ db: h.built.db, log: h.built.app.log, clientFor: (s) => h.built.stores.clientFor(s) }, { pollMs: 150, kinds });

  const env: ActionEnv = {
    sb,
    sbDb,
    h,
    storeId,
    workspaceId,
    exchanges,
    runner: make(),
    async enqueue(reqs) {
      const ids: string[] = [];
      await h.built.db.transaction().execute(async (trx) => {
        for (const r of reqs) ids.push((await enqueueExport(trx, { ...r, workspaceId, storeId } as ExportRequest)).itemId);
      });
      notifyExports(storeId);
      return ids;
    },
    async items(ids) {
      const out: Row[] = [];
      for (let i = 0; i < ids.length; i += 500) out.push(...((await h.built.db.selectFrom('job_items').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()) as Row[]));
      return out.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    },
    settled(ids, timeoutMs = 90_000) {
      return waitFor(async () => {
        const rows = await env.items(ids);
        return rows.length === ids.length && rows.every((r) => ['applied', 'failed', 'drifted'].includes(r.state)) ? rows : null;
      }, timeoutMs, 100);
    },
    async startRunner() {
      const store = await h.built.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow();
      env.runner.start(store);
    },
    async stopRunner() {
      await env.runner.stopAll();
      env.runner = make();
    },
    async close() {
      await env.runner.stopAll();
      await h.close();
      sbDb.close();
      await sb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await env.startRunner();
  return env;
}
