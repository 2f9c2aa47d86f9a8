// Pull throughput of the sync protocol's server side: 100,000 products and
// 100,000 postings written through the connector's writer, then pulled from
// cursor 0 to head in pages of 1000 (GET /api/v1/sync/changes via inject, so
// the number is the server's cost: feed range scan, compaction, batched row
// reads, serialization). Also one 500-mutation push batch.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/server/app';
import { newId, nowIso } from '../src/server/db/ids';
import { recordChange } from '../src/server/store-data/feed';
import { TABLES } from '../src/server/store-data/tables';
import { applyRows } from '../src/server/store-data/upsert';

const PRODUCTS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);
const POSTINGS = PRODUCTS;

function product(i: number) {
  const id = String(100000 + i);
  return {
    productId: id, offerId: `OFFER-${id}`, sku: String(900000 + i), name: `Товар номер ${i} — тестовое имя`, description: `Описание товара ${i}. `.repeat(8),
    descriptionCategoryId: '17028922', typeId: '91565', attributes: [{ id: '85', complexId: '0', values: [{ dictionaryValueId: '0', value: 'Бренд' }] }],
    images: [`https://cdn.example/${id}.jpg`], primaryImage: `https://cdn.example/${id}.jpg`, barcodes: [`46000${id}`], depth: 10, width: 10, height: 10,
    dimensionUnit: 'mm', weight: 100, weightUnit: 'g', vat: '0.2', price: '1000.00', oldPrice: '1500.00', minPrice: null, marketingPrice: '990.00', currency: 'RUB',
    statuses: { status: 'price_sent', statusName: 'Продаётся', moderateStatus: 'approved', validationStatus: 'success', isCreated: true, statusUpdatedAt: null },
    visible: true, hasPrice: true, hasStock: true, archived: false, autoArchived: false, ozonCreatedAt: '2025-01-01T00:00:00Z', ozonUpdatedAt: '2025-01-01T00:00:00Z',
  };
}

function posting(i: number) {
  const n = `${10000000 + i}-0001-1`;
  return {
    postingNumber: n, scheme: 'fbs', orderId: String(5000000 + i), orderNumber: `${10000000 + i}-0001`, status: 'awaiting_packaging', substatus: 'posting_created',
    warehouseId: '22000000000001', deliveryMethodName: 'Ozon Логистика', trackingNumber: null, inProcessAt: '2026-01-01T10:00:00Z', shipmentDate: '2026-01-02T10:00:00Z',
    deliveringDate: null, cancelReason: null, cancelReasonId: null, availableActions: ['ship'],
    items: [{ sku: String(900000 + (i % PRODUCTS)), offerId: `OFFER-${100000 + (i % PRODUCTS)}`, name: `Товар номер ${i % PRODUCTS}`, quantity: 1, price: '1000.00', currency: 'RUB' }],
  };
}

export async function benchSyncServer(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-sync-'));
  const built = await buildApp({ sqlitePath: join(dir, 'server.db'), logLevel: 'silent', setupOpen: true, keyVault: 'encrypted', masterKey: '6f'.repeat(32), ozon: { autoImport: false } });
  try {
    const setup = await built.app.inject({
      method: 'POST', url: '/api/v1/workspace/setup',
      payload: { workspaceName: 'Bench', name: 'Bench Owner', email: 'bench@example.com', password: 'Velvet-Harbor-Lantern-42', locale: 'en', device: { id: 'bench-dev', name: 'Bench', platform: 'linux' } },
    });
    if (setup.statusCode !== 200) throw new Error(`setup failed: ${setup.body}`);
    const token = setup.json().tokens.accessToken as string;
    const ws = (await built.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
    const storeId = newId();
    const at = nowIso();
    await built.db.transaction().execute(async (trx) => {
      await trx.insertInto('stores').values({ id: storeId, workspace_id: ws, name: 'Bench', client_id: '1', key_ref: 'encrypted', has_performance: 0, status: 'active', seller_name: null, key_expires_at: null, last_checked_at: null, last_check_error: null, created_by: null, created_at: at, updated_at: at }).execute();
      await recordChange(trx, ws, { storeId, entity: 'store', rowKey: storeId, op: 'upsert' });
    });
    const scope = { workspaceId: ws, storeId };
    const t0 = performance.now();
    for (let from = 0; from < PRODUCTS; from += 1000) {
      const idx = Array.from({ length: Math.min(1000, PRODUCTS - from) }, (_, j) => from + j);
      await built.db.transaction().execute(async (trx) => {
        await applyRows(trx, TABLES.product, scope, idx.map((i) => ({ key: [String(100000 + i)], data: product(i), extra: { offer_id: `OFFER-${100000 + i}`, sku: String(900000 + i) } })));
        await applyRows(trx, TABLES.posting, scope, idx.map((i) => ({ key: [posting(i).postingNumber], data: posting(i), extra: { scheme: 'fbs', status: 'awaiting_packaging', in_process_at: '2026-01-01T10:00:00Z' } })));
      });
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(`  seeded ${PRODUCTS} products + ${POSTINGS} postings in ${seedSeconds.toFixed(1)} s\n`);

    const pages: number[] = [];
    let cursor = 0;
    let rows = 0;
    let bytes = 0;
    const t1 = performance.now();
    for (;;) {
      const p0 = performance.now();
      const res = await built.app.inject({ method: 'GET', url: `/api/v1/sync/changes?after=${cursor}&limit=1000`, headers: { authorization: `Bearer ${token}` } });
      pages.push(performance.now() - p0);
      if (res.statusCode !== 200) throw new Error(`pull failed: ${res.body}`);
      bytes += res.rawPayload.length;
      const page = res.json() as { changes: unknown[]; cursor: number; hasMore: boolean };
      rows += page.changes.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pullSeconds = (performance.now() - t1) / 1000;
    const sorted = [...pages].sort((a, b) => a - b);
    const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;

    // one push batch of 500 price edits
    const mutations = Array.from({ length: 500 }, (_, i) => ({ id: randomUUID(), entity: 'product', storeId, key: String(100000 + i), baseVersion: 0, changes: { price: '999' }, base: { price: '1000.00' }, createdAt: at }));
    const t2 = performance.now();
    const push = await built.app.inject({ method: 'POST', url: '/api/v1/sync/mutations', headers: { authorization: `Bearer ${token}` }, payload: { mutations } });
    const pushMs = performance.now() - t2;
    if (push.statusCode !== 200) throw new Error(`push failed: ${push.body}`);

    return {
      rows_seeded: PRODUCTS + POSTINGS,
      seed_s: Math.round(seedSeconds * 100) / 100,
      pull_rows: rows,
      pull_pages: pages.length,
      pull_s: Math.round(pullSeconds * 100) / 100,
      pull_rows_per_s: Math.round(rows / pullSeconds),
      pull_mb: Math.round((bytes / 1e6) * 10) / 10,
      page_p50_ms: pct(50),
      page_p95_ms: pct(95),
      page_max_ms: pct(100),
      push_500_ms: Math.round(pushMs),
    };
  } finally {
    await built.close();
    if (process.env.BENCH_KEEP) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
