// The one seeding path of the sync benches: a workspace server with an owner
// and one store, and N products + N postings written through the connector's
// own writer (applyRows + change feed), 1000 of each per transaction — the
// same rows and feed an Ozon import would leave behind.
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/server/app';
import { newId, nowIso } from '../src/server/db/ids';
import { recordChange } from '../src/server/store-data/feed';
import { TABLES } from '../src/server/store-data/tables';
import { applyRows } from '../src/server/store-data/upsert';

export type BuiltApp = Awaited<ReturnType<typeof buildApp>>;

/** Product names are built from these words, so searches have broad and narrow hits. */
export const WORDS = ['Кружка', 'Футболка', 'Чехол', 'Лампа', 'Рюкзак', 'Термос', 'Коврик', 'Зонт'];

export const productId = (i: number): string => String(100000 + i);
export const postingNumber = (i: number): string => `${10000000 + i}-0001-1`;

function benchProduct(i: number) {
  const id = productId(i);
  return {
    productId: id, offerId: `OFFER-${id}`, sku: String(900000 + i), name: `${WORDS[i % WORDS.length]} модель ${i}`, description: `Описание товара ${i}. `.repeat(8),
    descriptionCategoryId: '17028922', typeId: '91565', attributes: [{ id: '85', complexId: '0', values: [{ dictionaryValueId: '0', value: 'Бренд' }] }],
    images: [`https://cdn.example/${id}.jpg`], primaryImage: `https://cdn.example/${id}.jpg`, barcodes: [`46000${id}`], depth: 10, width: 10, height: 10,
    dimensionUnit: 'mm', weight: 100, weightUnit: 'g', vat: '0.2', price: `${1000 + (i % 500)}.00`, oldPrice: '1600.00', minPrice: null, marketingPrice: null, currency: 'RUB',
    statuses: { status: 'price_sent', statusName: 'Продаётся', moderateStatus: 'approved', validationStatus: 'success', isCreated: true, statusUpdatedAt: null },
    visible: true, hasPrice: true, hasStock: true, archived: false, autoArchived: false, ozonCreatedAt: '2025-01-01T00:00:00Z', ozonUpdatedAt: '2025-01-01T00:00:00Z',
  };
}

function benchPosting(i: number) {
  return {
    postingNumber: postingNumber(i), scheme: 'fbs', orderId: String(5000000 + i), orderNumber: `${10000000 + i}-0001`, status: 'awaiting_packaging',
    substatus: 'posting_created', warehouseId: '22000000000001', deliveryMethodName: 'Ozon Логистика', trackingNumber: null,
    inProcessAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), shipmentDate: null, deliveringDate: null, cancelReason: null, cancelReasonId: null,
    availableActions: ['ship'], items: [{ sku: String(900000 + i), offerId: `OFFER-${productId(i)}`, name: `${WORDS[i % WORDS.length]} модель ${i}`, quantity: 1, price: '1000.00', currency: 'RUB' }],
  };
}

export interface BenchWorkspace {
  built: BuiltApp;
  token: string;
  workspaceId: string;
  storeId: string;
}

/** A fresh server on `sqlitePath` with an owner (signed in) and one store. */
export async function benchWorkspace(sqlitePath: string): Promise<BenchWorkspace> {
  const built = await buildApp({ sqlitePath, logLevel: 'silent', setupOpen: true, keyVault: 'encrypted', masterKey: '6f'.repeat(32), ozon: { autoImport: false } });
  try {
    const setup = await built.app.inject({
      method: 'POST', url: '/api/v1/workspace/setup',
      payload: { workspaceName: 'Bench', name: 'Bench Owner', email: 'bench@example.com', password: 'Velvet-Harbor-Lantern-42', locale: 'en', device: { id: 'bench-dev', name: 'Bench', platform: 'linux' } },
    });
    if (setup.statusCode !== 200) throw new Error(`setup failed: ${setup.body}`);
    const token = setup.json().tokens.accessToken as string;
    const workspaceId = (await built.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
    const storeId = newId();
    const at = nowIso();
    await built.db.transaction().execute(async (trx) => {
      await trx.insertInto('stores').values({ id: storeId, workspace_id: workspaceId, name: 'Bench', client_id: '1', key_ref: 'encrypted', has_performance: 0, status: 'active', seller_name: null, key_expires_at: null, last_checked_at: null, last_check_error: null, created_by: null, created_at: at, updated_at: at }).execute();
      await recordChange(trx, workspaceId, { storeId, entity: 'store', rowKey: storeId, op: 'upsert' });
    });
    return { built, token, workspaceId, storeId };
  } catch (e) {
    await built.close();
    throw e;
  }
}

/** Writes `rows` products and `rows` postings; returns the seconds it took. */
export async function seedStoreData(w: BenchWorkspace, rows: number): Promise<number> {
  const scope = { workspaceId: w.workspaceId, storeId: w.storeId };
  const t0 = performance.now();
  for (let from = 0; from < rows; from += 1000) {
    const idx = Array.from({ length: Math.min(1000, rows - from) }, (_, j) => from + j);
    await w.built.db.transaction().execute(async (trx) => {
      await applyRows(trx, TABLES.product, scope, idx.map((i) => ({ key: [productId(i)], data: benchProduct(i), extra: { offer_id: `OFFER-${productId(i)}`, sku: String(900000 + i) } })));
      await applyRows(
        trx,
        TABLES.posting,
        scope,
        idx.map((i) => {
          const p = benchPosting(i);
          return { key: [p.postingNumber], data: p, extra: { scheme: p.scheme, status: p.status, in_process_at: p.inProcessAt } };
        }),
      );
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`  seeded ${rows} products + ${rows} postings in ${seconds.toFixed(1)} s\n`);
  return seconds;
}
