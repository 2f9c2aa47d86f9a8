// The desktop side of sync (issue 4): first sync of 100,000 products and
// 100,000 postings into an empty cache over real HTTP, against the floor (a
// bare better-sqlite3 insert of the same row documents in one transaction,
// timed in this run); incremental sync of 1,000 changes made by another
// client (push → SSE notice → pull → visible); search p95 over the cache;
// memory with the cache open. BENCH_SYNC_ROWS scales the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Cache } from '../src/main/cache/cache';
import { CacheQueries } from '../src/main/cache/queries';
import { SyncEngine } from '../src/main/sync/engine';
import { bearerTransport } from '../src/main/sync/transport';
import { buildApp } from '../src/server/app';
import { newId, nowIso } from '../src/server/db/ids';
import { recordChange } from '../src/server/store-data/feed';
import { TABLES } from '../src/server/store-data/tables';
import { applyRows } from '../src/server/store-data/upsert';

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);
const silent = { info() {}, warn() {}, error() {} };
const WORDS = ['Кружка', 'Футболка', 'Чехол', 'Лампа', 'Рюкзак', 'Термос', 'Коврик', 'Зонт'];

function product(i: number) {
  const id = String(100000 + i);
  return {
    productId: id, offerId: `OFFER-${id}`, sku: String(900000 + i), name: `${WORDS[i % WORDS.length]} модель ${i}`, description: `Описание товара ${i}. `.repeat(8),
    descriptionCategoryId: '17028922', typeId: '91565', attributes: [], images: [`https://cdn.example/${id}.jpg`], primaryImage: `https://cdn.example/${id}.jpg`,
    barcodes: [`46000${id}`], depth: 10, width: 10, height: 10, dimensionUnit: 'mm', weight: 100, weightUnit: 'g', vat: '0.2', price: `${1000 + (i % 500)}.00`,
    oldPrice: '1600.00', minPrice: null, marketingPrice: null, currency: 'RUB',
    statuses: { status: 'price_sent', statusName: 'Продаётся', moderateStatus: 'approved', validationStatus: 'success', isCreated: true, statusUpdatedAt: null },
    visible: true, hasPrice: true, hasStock: true, archived: false, autoArchived: false, ozonCreatedAt: null, ozonUpdatedAt: null,
  };
}

function posting(i: number) {
  return {
    postingNumber: `${10000000 + i}-0001-1`, scheme: 'fbs', orderId: String(5000000 + i), orderNumber: `${10000000 + i}-0001`, status: 'awaiting_packaging',
    substatus: 'posting_created', warehouseId: '22000000000001', deliveryMethodName: 'Ozon Логистика', trackingNumber: null,
    inProcessAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), shipmentDate: null, deliveringDate: null, cancelReason: null, cancelReasonId: null,
    availableActions: ['ship'], items: [{ sku: String(900000 + i), offerId: `OFFER-${100000 + i}`, name: `${WORDS[i % WORDS.length]} модель ${i}`, quantity: 1, price: '1000.00', currency: 'RUB' }],
  };
}

export async function benchSyncClient(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-sync-client-'));
  const built = await buildApp({ sqlitePath: join(dir, 'server.db'), logLevel: 'silent', setupOpen: true, keyVault: 'encrypted', masterKey: '6f'.repeat(32), ozon: { autoImport: false } });
  const caches: Cache[] = [];
  const engines: SyncEngine[] = [];
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
    for (let from = 0; from < ROWS; from += 1000) {
      const idx = Array.from({ length: Math.min(1000, ROWS - from) }, (_, j) => from + j);
      await built.db.transaction().execute(async (trx) => {
        await applyRows(trx, TABLES.product, scope, idx.map((i) => ({ key: [String(100000 + i)], data: product(i), extra: { offer_id: `OFFER-${100000 + i}`, sku: String(900000 + i) } })));
        await applyRows(trx, TABLES.posting, scope, idx.map((i) => ({ key: [`${10000000 + i}-0001-1`], data: posting(i), extra: { scheme: 'fbs', status: 'awaiting_packaging', in_process_at: posting(i).inProcessAt } })));
      });
    }
    process.stderr.write(`  seeded ${ROWS} products + ${ROWS} postings\n`);
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = built.app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const auth = { bearer: async () => token, refresh: async () => undefined };
    const client = (name: string) => {
      const cache = new Cache(join(dir, `${name}.db`));
      caches.push(cache);
      const engine = new SyncEngine({ cache, transport: bearerTransport(url, auth, silent), emit: () => undefined, logger: silent, pollMs: 30_000 });
      engines.push(engine);
      return { cache, engine };
    };

    // first sync into an empty cache
    const a = client('a');
    // split the first sync into the client's own work (applying pages) and the rest (server, HTTP, JSON)
    let applyMs = 0;
    const apply = a.cache.applyPage.bind(a.cache);
    a.cache.applyPage = (...args) => {
      const t1 = performance.now();
      try {
        return apply(...args);
      } finally {
        applyMs += performance.now() - t1;
      }
    };
    const rssBefore = process.memoryUsage().rss;
    let t = performance.now();
    await a.engine.pull();
    const firstSyncMs = performance.now() - t;
    a.cache.applyPage = apply;
    const products = a.cache.db.prepare('SELECT COUNT(*) FROM products').pluck().get() as number;
    const postings = a.cache.db.prepare('SELECT COUNT(*) FROM postings').pluck().get() as number;

    // the floor: the same documents, bare inserts, one transaction
    const docs = [
      ...(a.cache.db.prepare('SELECT key, server_json FROM products').raw().all() as [string, string][]),
      ...(a.cache.db.prepare('SELECT key, server_json FROM postings').raw().all() as [string, string][]),
    ];
    const floorDb = new Database(join(dir, 'floor.db'));
    floorDb.pragma('journal_mode = WAL');
    floorDb.exec('CREATE TABLE rows (k TEXT PRIMARY KEY, j TEXT NOT NULL) STRICT');
    const ins = floorDb.prepare('INSERT INTO rows (k, j) VALUES (?, ?)');
    t = performance.now();
    floorDb.transaction(() => docs.forEach(([k, j], i) => ins.run(`${i}:${k}`, j)))();
    const floorMs = performance.now() - t;
    floorDb.close();

    // search over the products
    const q = new CacheQueries(a.cache);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = i % 2 ? `${WORDS[i % WORDS.length]} ${(i * 7919) % ROWS}` : `OFFER-${100000 + ((i * 104729) % ROWS)}`;
      const t1 = performance.now();
      q.products({ storeId, search: s, offset: 0, limit: 100 });
      times.push(performance.now() - t1);
    }
    times.sort((x, y) => x - y);
    const windowTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t1 = performance.now();
      q.products({ storeId, offset: (i * 1777) % ROWS, limit: 100, sort: { field: i % 2 ? 'price' : 'name', dir: i % 3 ? 'asc' : 'desc' } });
      windowTimes.push(performance.now() - t1);
    }
    windowTimes.sort((x, y) => x - y);
    const rssWithCache = process.memoryUsage().rss;

    // incremental: another client (b) edits 1,000 products and pushes; a sees them through SSE → pull
    const b = client('b');
    await b.engine.pull();
    a.engine.start();
    await new Promise((r) => setTimeout(r, 500));
    const n = Math.min(1000, ROWS);
    for (let i = 0; i < n; i++) b.cache.edit('product', storeId, String(100000 + i), { name: `Новое имя ${i}` }, 'bench');
    const visible = a.cache.db.prepare("SELECT COUNT(*) FROM products WHERE name LIKE 'Новое имя %'").pluck();
    t = performance.now();
    await b.engine.push();
    const pushedMs = performance.now() - t;
    while ((visible.get() as number) < n) {
      if (performance.now() - t > 60_000) throw new Error('incremental changes never became visible');
      await new Promise((r) => setTimeout(r, 5));
    }
    const incrementalMs = performance.now() - t;

    return {
      rows: { products, postings },
      firstSync: { seconds: +(firstSyncMs / 1000).toFixed(2), floorSeconds: +(floorMs / 1000).toFixed(2), ratioToFloor: +(firstSyncMs / floorMs).toFixed(2), clientApplySeconds: +(applyMs / 1000).toFixed(2), applyRatioToFloor: +(applyMs / floorMs).toFixed(2), goal: '< 15 s and within 3x of the floor' },
      incremental: { changes: n, pushMs: Math.round(pushedMs), latencyToVisibleMs: Math.round(incrementalMs), goal: '< 1000 ms' },
      search: { queries: times.length, p50Ms: +times[Math.floor(times.length / 2)]!.toFixed(2), p95Ms: +times[Math.floor(times.length * 0.95)]!.toFixed(2), goal: 'p95 < 30 ms' },
      listWindow: { p95Ms: +windowTimes[Math.floor(windowTimes.length * 0.95)]!.toFixed(2) },
      memory: { rssBeforeSyncMb: Math.round(rssBefore / 1048576), rssWithCacheMb: Math.round(rssWithCache / 1048576), note: 'the bench process also runs the server' },
    };
  } finally {
    for (const e of engines) await e.stop();
    for (const c of caches) c.close();
    await built.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
