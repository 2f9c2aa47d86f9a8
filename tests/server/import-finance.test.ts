/**
 * Finance import on Ozon's accrual methods, against the sandbox, on SQLite and
 * PostgreSQL: one row per /v1/finance/accrual/by-day accrual over the history
 * window with its components and type names; only valid requests and never the
 * switched-off /v3/finance methods; an incremental refresh reads only recent
 * dates and picks up new accruals; rows from the switched-off method are
 * retired once; a restart in the middle resumes from the checkpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { buildApp } from '../../src/server/app';
import type { ServerOptions } from '../../src/server/config';
import { mskDate } from '../../src/server/store-data/importers/finance';
import { countRows, readRows } from '../../src/server/store-data/read';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { kop } from '../sandbox/helpers';
import { validateRequest } from '../sandbox/openapi';
import { DB_KINDS, sameDatabase, setupOwner, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, ozonPost, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

const HISTORY_DAYS = 30;
const DAY = 86_400_000;
type Exchange = { path: string; request: unknown };

/** Every accrual Ozon lists for the store from the first date of the importer's window to Ozon's today, by id. */
async function ozonAccruals(sb: RunningSandbox, fromMs: number): Promise<Map<string, any>> {
  const out = new Map<string, any>();
  const today = mskDate(sb.control.now());
  for (let d = mskDate(fromMs); d <= today; d = new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString().slice(0, 10)) {
    for (let last = ''; ; ) {
      await new Promise((r) => setTimeout(r, 30)); // share the Client-Id's budget politely with the server under test
      const j = (await ozonPost(sb, 0, '/v1/finance/accrual/by-day', { date: d, last_id: last })) as { accruals: any[]; last_id: string };
      if (!j.accruals.length) break;
      for (const a of j.accruals) out.set(String(a.accrual_id), a);
      last = j.last_id;
    }
  }
  return out;
}

describe.each(DB_KINDS)('finance import on the accrual methods (%s)', (kind) => {
  let sb: RunningSandbox;
  let h: Harness;
  let storeId: string;
  let firstRunAt: number;
  const exchanges: Exchange[] = [];
  const opts = (onExchange?: (e: Exchange) => void): Partial<ServerOptions> => ({
    keyVault: 'encrypted',
    masterKey: MASTER_KEY,
    ozon: {
      sellerUrl: sb.url,
      performanceUrl: sb.url,
      postingsHistoryDays: 2,
      financeHistoryDays: HISTORY_DAYS,
      onExchange,
      refreshSeconds: { finance: 3600 },
    },
  });
  const link = async (hh: Harness): Promise<string> => {
    const tok = (await setupOwner(hh)).auth.tokens.accessToken;
    const r = await hh.request('POST', '/api/v1/stores', { token: tok, body: { name: 'Fin', clientId: sb.stores[0]!.clientId, apiKey: sb.stores[0]!.apiKey } });
    expect(r.status).toBe(200);
    return r.body.id as string;
  };
  const runFinance = async (): Promise<void> => {
    const before = await h.built.db.selectFrom('import_checkpoints').select('finished_at').where('store_id', '=', storeId).where('entity', '=', 'finance').executeTakeFirstOrThrow();
    await h.built.imports.runNow(storeId, 'finance');
    await waitFor(async () => {
      const cp = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).where('entity', '=', 'finance').executeTakeFirstOrThrow();
      return cp.state === 'done' && cp.finished_at !== before.finished_at;
    }, 60_000, 25);
  };

  beforeAll(async () => {
    sb = await sandbox({ stores: 1, products: 80, historyDays: 6, ordersPerDay: 300 });
    h = await startHarness(kind, opts((e) => void exchanges.push(e)));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await sb?.close();
  });

  it('imports one row per accrual of the window with its components, from valid requests to the accrual methods only', async () => {
    firstRunAt = Date.now();
    storeId = await link(h);
    await waitFor(async () => (await h.built.imports.status(storeId)).firstImportDone, 150_000, 50);
    const cp = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).where('entity', '=', 'finance').executeTakeFirstOrThrow();
    expect(cp).toMatchObject({ state: 'done', error: null, cursor: null });
    const ozon = await ozonAccruals(sb, firstRunAt - HISTORY_DAYS * DAY);
    expect(new Set([...ozon.values()].map((a) => a.accrued_category))).toEqual(new Set(['POSTING', 'ITEM']));
    const rows = await readRows<any>(h.built.db, TABLES.finance_transaction, storeId);
    expect(rows.map((r) => r.key[0]).sort()).toEqual([...ozon.keys()].sort());
    expect(cp.done).toBe(rows.length);

    const dict = (await (await fetch(`${sb.url}/v1/finance/accrual/types`, { method: 'POST', headers: { 'Client-Id': sb.stores[0]!.clientId, 'Api-Key': sb.stores[0]!.apiKey }, body: '{}' })).json()) as { accrual_types: { id: number; name: string }[] };
    const types = new Map(dict.accrual_types.map((t) => [String(t.id), t.name]));
    for (const { data: f } of rows) {
      const a = ozon.get(f.operationId)!;
      expect(f).toMatchObject({ operationType: a.accrued_category, accrualCategory: a.accrued_category, accrualDate: a.date, unitNumber: a.unit_number, amount: a.total_amount.amount, currency: 'RUB' });
      expect(f.operationDate).toBe(`${a.date}T00:00:00+03:00`);
      // the components add up to Ozon's total, both ways
      const parts = [f.accrualsForSale, f.saleCommission, f.deliveryCharge, f.returnDeliveryCharge, ...f.services.map((s: { price: string }) => s.price)];
      expect(parts.reduce((s: bigint, v: string) => s + kop(v), 0n)).toBe(kop(f.amount));
      expect(f.lines.reduce((s: bigint, l: { amount: string }) => s + kop(l.amount), 0n)).toBe(kop(f.amount));
      for (const l of f.lines) if (l.typeId) expect(l.typeName).toBe(types.get(l.typeId));
      if (a.accrued_category === 'POSTING') {
        const sale = a.posting.products.reduce((s: bigint, p: any) => s + kop(p.commission.sale_amount.amount), 0n);
        expect(f).toMatchObject({ postingNumber: a.unit_number, type: sale < 0n ? 'returns' : 'orders' });
        expect(kop(f.accrualsForSale)).toBe(sale);
        expect(f.skus).toEqual([...new Set(a.posting.products.map((p: any) => String(p.sku)))]);
      } else {
        expect(f).toMatchObject({ postingNumber: null, type: 'services' });
        expect(f.lines.every((l: { component: string; sku: string }) => l.component === 'item_fee' && /^\d+$/.test(l.sku))).toBe(true);
      }
    }

    const paths = new Set(exchanges.map((e) => e.path));
    expect(paths).toContain('/v1/finance/accrual/by-day');
    expect(paths).toContain('/v1/finance/accrual/types');
    expect([...paths].filter((p) => p.startsWith('/v3/finance/'))).toEqual([]);
    for (const e of exchanges.filter((x) => x.path.startsWith('/v1/finance/'))) expect(validateRequest(e.path, e.request), e.path).toEqual([]);
    expect(stats(sb).rate_limited_total).toBe(0);
  }, 240_000);

  it('a refresh reads only the recent dates and picks up the accruals booked since', async () => {
    const before = await countRows(h.built.db, TABLES.finance_transaction, storeId);
    const feedBefore = await h.built.db.selectFrom('change_feed').select('seq').where('store_id', '=', storeId).where('entity', '=', 'finance_transaction').execute();
    await sb.advance(36 * 3600);
    sb.control.resetStats();
    await runFinance();
    const byDay = stats(sb).requests['/v1/finance/accrual/by-day'] ?? 0;
    const ozon = await ozonAccruals(sb, firstRunAt - HISTORY_DAYS * DAY);
    // Ozon's clock is 36 h ahead of ours now: the run went on past our today while dates had accruals
    expect(ozon.size).toBeGreaterThan(before);
    const rows = await readRows<any>(h.built.db, TABLES.finance_transaction, storeId);
    expect(rows.map((r) => r.key[0]).sort()).toEqual([...ozon.keys()].sort());
    expect(byDay).toBeGreaterThan(0);
    expect(byDay).toBeLessThan(HISTORY_DAYS);
    // one feed entry per new accrual: the re-read dates wrote nothing for unchanged rows
    const feed = await h.built.db.selectFrom('change_feed').select('seq').where('store_id', '=', storeId).where('entity', '=', 'finance_transaction').execute();
    expect(feed.length - feedBefore.length).toBe(ozon.size - before);
  }, 120_000);

  it('rows from the switched-off /v3 method are retired once by the upgraded server, which reads the history again', async () => {
    // a row as the /v3/finance/transaction/list importer wrote it, then the server restarts with this importer
    const legacy = { operationId: '999000111', operationType: 'OperationAgentDeliveredToCustomer', operationTypeName: 'Доставка покупателю', operationDate: '2026-06-01 10:00:00', type: 'orders', postingNumber: '1-2-3', amount: '100.00', accrualsForSale: '120.00', saleCommission: '-20.00', deliveryCharge: '0.00', returnDeliveryCharge: '0.00', services: [], skus: [] };
    const ws = (await h.built.db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
    await h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.finance_transaction, { workspaceId: ws, storeId }, [{ key: ['999000111'], data: legacy }]));
    const live = await countRows(h.built.db, TABLES.finance_transaction, storeId);
    await h.built.close();
    const again = await buildApp({ logLevel: 'silent', ...opts(), ...sameDatabase(h) });
    try {
      const before = (await again.db.selectFrom('import_checkpoints').select('finished_at').where('store_id', '=', storeId).where('entity', '=', 'finance').executeTakeFirstOrThrow()).finished_at;
      sb.control.resetStats();
      await again.imports.runNow(storeId, 'finance');
      await waitFor(async () => {
        const cp = await again.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).where('entity', '=', 'finance').executeTakeFirstOrThrow();
        return cp.state === 'done' && cp.finished_at !== before;
      }, 60_000, 25);
      expect(await countRows(again.db, TABLES.finance_transaction, storeId)).toBe(live - 1);
      const gone = (await readRows<any>(again.db, TABLES.finance_transaction, storeId, { includeDeleted: true })).find((r) => r.key[0] === '999000111')!;
      expect(gone.data.deleted).toBe(true);
      const del = await again.db.selectFrom('change_feed').selectAll().where('store_id', '=', storeId).where('row_key', '=', '999000111').where('op', '=', 'delete').execute();
      expect(del.length).toBe(1);
      // the whole window was read again (the history the legacy rows covered)
      expect(stats(sb).requests['/v1/finance/accrual/by-day']).toBeGreaterThan(HISTORY_DAYS);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('a restart in the middle of the finance import resumes from the checkpoint', async () => {
    const h2 = await startHarness(kind, opts());
    try {
      const id = await link(h2);
      // stopped between two pages of the dates that have accruals (the worker may commit one more page before it notices)
      const cp = await waitFor(async () => {
        const c = await h2.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', id).where('entity', '=', 'finance').executeTakeFirst();
        return c && c.state === 'running' && c.done > 0 && c.cursor !== null ? c : null;
      }, 150_000, 5);
      await h2.built.close();
      sb.control.resetStats();
      const again = await buildApp({ logLevel: 'silent', ...opts(), ...sameDatabase(h2) });
      try {
        await waitFor(async () => (await again.imports.status(id)).firstImportDone, 150_000, 50);
        const byDayAfter = stats(sb).requests['/v1/finance/accrual/by-day'] ?? 0;
        const ozon = await ozonAccruals(sb, Date.parse(cp.started_at!) - HISTORY_DAYS * DAY);
        const rows = await readRows<any>(again.db, TABLES.finance_transaction, id);
        expect(rows.map((r) => r.key[0]).sort()).toEqual([...ozon.keys()].sort());
        // the dates before the checkpoint were not read again: fewer requests than the window has days
        const resumedFrom = (JSON.parse(cp.cursor!) as { day: string }).day;
        expect(resumedFrom > mskDate(Date.now() - HISTORY_DAYS * DAY)).toBe(true);
        expect(byDayAfter).toBeGreaterThan(0);
        expect(byDayAfter).toBeLessThan(HISTORY_DAYS);
        const feed = await again.db.selectFrom('change_feed').select('row_key').where('store_id', '=', id).where('entity', '=', 'finance_transaction').execute();
        expect(feed.length).toBe(rows.length);
        expect((await again.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', id).where('entity', '=', 'finance').executeTakeFirstOrThrow()).state).toBe('done');
      } finally {
        await again.close();
      }
    } finally {
      await h2.close();
    }
  }, 300_000);
});
