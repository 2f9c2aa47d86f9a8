/**
 * The `archive` / `unarchive` exports against the Ozon sandbox on SQLite and
 * PostgreSQL: archived products leave Ozon's default list and show as
 * ARCHIVED (read back → applied); archive then unarchive of one product
 * coalesce (the newest wins, Ozon sees one command or none); Ozon's daily
 * limit of 100 restores from the automatic archive holds the rest with a
 * reason instead of failing them, and they go out after the reset; a
 * command waits while the other lane has an older one of the same product
 * in flight; every
 * request valid against the official schemas.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueExport, exportStateFor, notifyExports } from '../../src/server/jobs/enqueue';
import { readRows } from '../../src/server/store-data/read';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { DB_KINDS } from './support/harness';
import { expectValidExchanges, startExportEnv, type ExportEnv, type Req } from './support/export-env';
import { ozonPost, stats, waitFor } from '../helpers/ozon-sandbox';

const ARCHIVE = '/v1/product/archive';
const UNARCHIVE = '/v1/product/unarchive';

describe.each(DB_KINDS)('archive export (%s)', (kind) => {
  let env: ExportEnv;
  let products: string[] = [];

  beforeAll(async () => {
    // the runner's clock is shifted together with the sandbox's (env.advance)
    env = await startExportEnv(kind, { sandbox: { products: 300 }, ozonTimeoutMs: 3000, kinds: ['archive', 'unarchive'] });
    const list = await ozonPost(env.sb, 0, '/v3/product/list', { filter: { visibility: 'ALL' }, limit: 1000 });
    products = list.result.items.map((i: any) => String(i.product_id));
    expect(products.length).toBeGreaterThan(250);
  }, 120_000);
  afterAll(async () => env?.close());

  const req = (k: 'archive' | 'unarchive', productId: string): Req => ({ kind: k, key: productId, values: {} });
  async function listed(visibility: string): Promise<Set<string>> {
    const r = await ozonPost(env.sb, 0, '/v3/product/list', { filter: { visibility }, limit: 1000 });
    return new Set(r.result.items.map((i: any) => String(i.product_id)));
  }

  it('archive: one batch, read back → applied; the products leave the default list and show as ARCHIVED; the cached rows follow at once', async () => {
    env.sb.control.resetStats();
    const ps = products.slice(0, 3);
    // the rows as an import left them (on sale); the read-back merges Ozon's state into them, the rest stays
    const { db } = env.h.built;
    const scope = { workspaceId: env.workspaceId, storeId: env.storeId };
    await db.transaction().execute((trx) =>
      applyRows(trx, TABLES.product, scope, ps.map((p) => ({ key: [p], data: { productId: p, name: `Товар ${p}`, archived: false, autoArchived: false, visible: true }, extra: { offer_id: null, sku: null } }))),
    );
    const before = new Map((await readRows(db, TABLES.product, env.storeId)).map((r) => [r.key[0], r.data.version]));
    const rows = await env.settled(await env.enqueue(ps.map((p) => req('archive', p))));
    for (const r of rows) expect(r, `${r.row_key} ${r.error_message}`).toMatchObject({ state: 'applied', attempts: 1 });
    expect(JSON.parse(rows[0]!.readback!)).toEqual({ archived: true, autoArchived: false });
    expect(stats(env.sb).requests[ARCHIVE]).toBe(1);
    const all = await listed('ALL');
    const archived = await listed('ARCHIVED');
    for (const p of ps) {
      expect(all.has(p)).toBe(false);
      expect(archived.has(p)).toBe(true);
    }
    const sync = await exportStateFor(env.h.built.db, env.storeId, 'product', ps);
    expect([...sync.values()].map((s) => s.state)).toEqual(['synced', 'synced', 'synced']);
    const after = (await readRows<Record<string, unknown>>(db, TABLES.product, env.storeId)).filter((r) => ps.includes(r.key[0]!));
    expect(after).toHaveLength(3);
    for (const r of after) {
      expect(r.data).toMatchObject({ name: `Товар ${r.key[0]}`, archived: true, autoArchived: false, visible: false });
      expect((r.data.statuses as { status?: unknown }).status).toEqual(expect.any(String));
      expect(Number(r.data.version)).toBeGreaterThan(Number(before.get(r.key[0]!)));
    }
  }, 60_000);

  it('archive then unarchive before sending coalesce: the newest wins and Ozon gets one command (or none when it already agrees)', async () => {
    env.sb.control.resetStats();
    // a product in sale: archive + unarchive → only the unarchive is left, and Ozon already shows it unarchived
    const fresh = products[10]!;
    const [a1, u1] = await env.enqueue([req('archive', fresh), req('unarchive', fresh)]);
    // an archived product (previous test): archive again + unarchive → the unarchive is sent
    const old = products[0]!;
    const [a2, u2] = await env.enqueue([req('archive', old), req('unarchive', old)]);
    const rows = await env.settled([a1!, u1!, a2!, u2!]);
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(a1!)).toMatchObject({ state: 'superseded', superseded_by: u1 });
    expect(by.get(a2!)).toMatchObject({ state: 'superseded', superseded_by: u2 });
    expect(by.get(u1!)).toMatchObject({ state: 'applied', attempts: 0, error_message: 'Ozon already had this value' });
    expect(by.get(u2!)).toMatchObject({ state: 'applied', attempts: 1 });
    const s = stats(env.sb);
    expect(s.requests[ARCHIVE] ?? 0).toBe(0);
    expect(s.requests[UNARCHIVE]).toBe(1);
    const all = await listed('ALL');
    expect(all.has(fresh)).toBe(true);
    expect(all.has(old)).toBe(true);
    // the product's ozonSync follows the newest command of the archive group
    expect((await exportStateFor(env.h.built.db, env.storeId, 'product', [old])).get(old)).toMatchObject({ state: 'synced' });
  }, 60_000);

  it('Ozon’s daily limit of 100 restores from the automatic archive: the rest is held with a reason, not failed, and goes out after the reset', async () => {
    const auto = products.slice(100, 203);
    const rw = new Database(env.sandboxDbPath);
    try {
      // Ozon archived these on its own (the sandbox seed has none)
      rw.prepare(`UPDATE products SET archived = 2 WHERE product_id IN (${auto.map(() => '?').join(',')})`).run(...auto.map(Number));
    } finally {
      rw.close();
    }
    // a manually archived one in the same run is not limited
    const manual = products[2]!;
    env.sb.control.resetStats();
    const ids = await env.enqueue([...auto.map((p) => req('unarchive', p)), req('unarchive', manual)]);
    const held = await waitFor(async () => {
      const rows = await env.items(ids);
      const done = rows.filter((r) => r.state === 'applied');
      const waiting = rows.filter((r) => r.state === 'pending' && r.error_code === 'held');
      return done.length === 101 && waiting.length === 3 ? { done, waiting } : null;
    }, 60_000);
    expect(held.waiting.map((r) => r.row_key).sort()).toEqual(auto.slice(100).sort());
    for (const r of held.waiting) {
      expect(r.error_message).toMatch(/at most 100 automatically archived products a day/);
      expect(r.error_message).toMatch(/03:00 Moscow/);
      expect(r.not_before).toBeTruthy();
    }
    expect((await env.items(ids)).filter((r) => r.state === 'failed')).toEqual([]);
    const st = (await exportStateFor(env.h.built.db, env.storeId, 'product', [auto[101]!])).get(auto[101]!)!;
    expect(st.state).toBe('pending');
    expect(st.reason).toMatch(/automatically archived/);
    const refusals = stats(env.sb).statuses[UNARCHIVE]?.['400'] ?? 0;
    expect(refusals).toBeGreaterThan(0);

    // a day later (past 03:00 Moscow) the limit is fresh: the held items go out once
    await env.advance(86_520);
    const rows = await env.settled(ids);
    expect(rows.filter((r) => r.state !== 'applied').map((r) => `${r.row_key} ${r.state} ${r.error_message}`)).toEqual([]);
    const all = await listed('ALL');
    for (const p of auto) expect(all.has(p), p).toBe(true);
    expect(stats(env.sb).statuses[UNARCHIVE]?.['400'] ?? 0).toBe(refusals);
  }, 90_000);

  it('a command is held while the other lane still has an older one of the same product in flight; then the newest wins', async () => {
    const p = products[40]!;
    // only the unarchive lane runs: the archive item below plays "in flight in the archive lane"
    await env.stopRunner();
    try {
      const [a] = await env.enqueue([req('archive', p)]);
      await env.h.built.db.updateTable('job_items').set({ state: 'sending', attempts: 1, sent_at: new Date().toISOString() }).where('id', '=', a!).execute();
      await env.startRunner({ kinds: ['unarchive'] });
      const [u] = await env.enqueue([req('unarchive', p)]);
      const held = await waitFor(async () => {
        const [r] = await env.items([u!]);
        return r!.state === 'pending' && r!.error_code === 'held' ? r : null;
      }, 20_000);
      expect(held!.error_message).toMatch(/previous archive change of this product/);
      // the archive reaches Ozon and settles; the held unarchive follows it
      await ozonPost(env.sb, 0, ARCHIVE, { product_id: [Number(p)] });
      await env.h.built.db.updateTable('job_items').set({ state: 'applied', settled_at: new Date().toISOString() }).where('id', '=', a!).execute();
      const [r] = await env.settled([u!]);
      expect(r).toMatchObject({ state: 'applied', attempts: 1 });
      expect((await listed('ALL')).has(p)).toBe(true);
    } finally {
      await env.startRunner();
    }
  }, 60_000);

  it('an archive replacing an unarchive held by Ozon’s daily limit does not inherit that hold', async () => {
    const p = products[60]!;
    const later = new Date(env.now() + 3_600_000).toISOString();
    const [archiveId] = await env.h.built.db.transaction().execute(async (trx) => {
      const u = await enqueueExport(trx, env.toRequest(req('unarchive', p)));
      await trx.updateTable('job_items').set({ not_before: later, error_code: 'held', error_message: 'daily limit' }).where('id', '=', u.itemId).execute();
      const a = await enqueueExport(trx, env.toRequest(req('archive', p)));
      expect(a.superseded).toEqual([u.itemId]);
      return [a.itemId];
    });
    const [row] = await env.items([archiveId!]);
    expect(row).toMatchObject({ kind: 'archive', not_before: null, error_code: null });
    notifyExports(env.storeId);
    const [done] = await env.settled([archiveId!]);
    expect(done).toMatchObject({ state: 'applied' });
  }, 60_000);

  it('sent only requests valid against the official request schemas', () => {
    expectValidExchanges(env.exchanges, [ARCHIVE, UNARCHIVE, '/v3/product/info/list']);
  });
});
