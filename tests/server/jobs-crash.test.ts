/**
 * Crash safety of export jobs: a real server process (tsx src/server/cli.ts)
 * is SIGKILLed while price items are 'sending' — Ozon (the sandbox, with a
 * 'timeout' fault: the write happens, the answer never comes) already applied
 * them. After a restart every item is read back first: nothing is sent twice,
 * nothing is lost (the stock items still pending are sent).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { buildApp } from '../../src/server/app';
import { openDatabase } from '../../src/server/db/connect';
import { enqueueExport, type ExportRequest } from '../../src/server/jobs/enqueue';
import { DB_KINDS, setupOwner, startHarness } from './support/harness';
import { MASTER_KEY, ozonPost, sandbox, waitFor } from '../helpers/ozon-sandbox';

describe.each(DB_KINDS)('export crash safety (%s)', (kind) => {
  let sb: RunningSandbox;
  let sbDb: Database.Database;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-crash-'));
    sb = await sandbox({ stores: 1, products: 400, dbPath: path.join(dir, 'sandbox.db') });
    sbDb = new Database(path.join(dir, 'sandbox.db'), { readonly: true });
  }, 60_000);
  afterAll(async () => {
    sbDb?.close();
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILL while items are sending, restart: nothing lost, nothing doubled', async () => {
    const h = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: sb.url, autoImport: false } });
    try {
      const token = (await setupOwner(h)).auth.tokens.accessToken;
      const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'K', clientId: sb.stores[0]!.clientId, apiKey: sb.stores[0]!.apiKey } });
      const storeId = res.body.id as string;
      await h.built.exports.stopAll();
      const workspaceId = (await h.built.db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
      const pr = await ozonPost(sb, 0, '/v5/product/info/prices', { filter: { visibility: 'ALL' }, limit: 1000 });
      const ps = pr.items.filter((i: any) => Number(i.price.price) > 10).slice(0, 300);
      const st = await ozonPost(sb, 0, '/v2/product/info/stocks-by-warehouse/fbs', { offer_id: pr.items.map((i: any) => i.offer_id), limit: 1000 });
      const created = new Set((sbDb.prepare("SELECT product_id FROM products WHERE status = 'price_sent'").all() as { product_id: number }[]).map((r) => String(r.product_id)));
      const ss = st.products.filter((s: any) => created.has(String(s.product_id))).slice(0, 50);
      const reqs: ExportRequest[] = [
        ...ps.map((p: any): ExportRequest => ({ workspaceId, storeId, kind: 'price', key: String(p.product_id), values: { price: (Number(p.price.price) - 1).toFixed(2) } })),
        ...ss.map((s: any): ExportRequest => ({ workspaceId, storeId, kind: 'stock', key: `${s.product_id}:${s.warehouse_id}`, values: { present: s.present + 4 } })),
      ];
      await h.built.db.transaction().execute(async (trx) => {
        for (const r of reqs) await enqueueExport(trx, r);
      });
      const cfg = h.built.ctx.config.db;
      await h.built.close();

      // every Seller API call now "times out" after Ozon has done the work
      const since = Date.now() - 1000;
      sb.setFaults({ rate: 1, kinds: ['timeout'], timeoutMs: 15_000 });
      const env = {
        ...process.env,
        ...(cfg.kind === 'postgres' ? { DATABASE_URL: cfg.url, SELLERDESK_DB: '' } : { SELLERDESK_DB: cfg.path, DATABASE_URL: '' }),
        OZON_SELLER_URL: sb.url,
        KEY_VAULT: 'encrypted',
        SELLERDESK_MASTER_KEY: MASTER_KEY,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      };
      const child = spawn(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['src/server/cli.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (out += String(d)));
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      const probe = await openDatabase(cfg);
      try {
        await waitFor(async () => {
          const n = await probe.db.selectFrom('job_items').select((eb) => eb.fn.countAll<number | string>().as('n')).where('kind', '=', 'price').where('state', '=', 'sending').executeTakeFirstOrThrow();
          const writes = (sbDb.prepare('SELECT COUNT(*) AS n FROM price_writes WHERE at >= ?').get(since) as { n: number }).n;
          return Number(n.n) === ps.length && writes === ps.length;
        }, 60_000, 100).catch((e) => {
          throw new Error(`${(e as Error).message}; server output: ${out}`);
        });
        child.kill('SIGKILL');
        await exited;
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await probe.close();
      }
      sb.setFaults({ rate: 0 });

      const events: string[] = [];
      const again = await buildApp(
        { logLevel: 'silent', keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: sb.url, autoImport: false }, ...(cfg.kind === 'postgres' ? { databaseUrl: cfg.url } : { sqlitePath: cfg.path }) },
        { exports: { pollMs: 150, onEvent: (e) => events.push(`${e.kind}:${e.type}:${e.count}`) } },
      );
      try {
        const rows = await waitFor(async () => {
          const all = await again.db.selectFrom('job_items').selectAll().where('store_id', '=', storeId).execute();
          return all.length === reqs.length && all.every((r) => ['applied', 'failed', 'drifted'].includes(r.state)) ? all : null;
        }, 120_000, 100);
        expect(rows.filter((r) => r.state !== 'applied').map((r) => `${r.kind} ${r.row_key} ${r.state} ${r.error_message}`)).toEqual([]);
        // the prices were applied by Ozon before the kill and recognised on read-back: never sent again
        for (const p of ps) {
          const n = (sbDb.prepare('SELECT COUNT(*) AS n FROM price_writes WHERE product_id = ? AND at >= ?').get(Number(p.product_id), since) as { n: number }).n;
          expect(n, String(p.product_id)).toBe(1);
        }
        expect(rows.filter((r) => r.kind === 'price').every((r) => r.attempts === 1)).toBe(true);
        expect(events).toContain(`price:recovered:${ps.length}`);
        const now = await ozonPost(sb, 0, '/v2/product/info/stocks-by-warehouse/fbs', { offer_id: pr.items.map((i: any) => i.offer_id), limit: 1000 });
        for (const s of ss) expect(now.products.find((x: any) => x.product_id === s.product_id && String(x.warehouse_id) === String(s.warehouse_id)).present).toBe(s.present + 4);
      } finally {
        await again.close();
      }
    } finally {
      await h.close();
    }
  }, 240_000);
});
