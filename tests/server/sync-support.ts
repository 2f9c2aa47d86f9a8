/**
 * Shared bits of the sync tests: a store seeded through the connector's
 * writer (applyRows + the change feed), staff of any role via a real
 * invitation, product/stock mutation builders and a pulling client. The rows
 * actions target and `action` mutations: support/actions-fixture.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/server/db/schema';
import { newId, nowIso } from '../../src/server/db/ids';
import { recordChange } from '../../src/server/store-data/feed';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import type { ServerOptions } from '../../src/server/config';
import type { Change, Mutation } from '../../src/shared/sync/protocol';
import { device, PASSWORD, uniqueEmail, type Harness } from './support/harness';

export const MASTER_KEY = '6f'.repeat(32);

/** No Ozon: the seeded store is never imported, so only our writes change rows. */
export const syncServerOptions = (): Partial<ServerOptions> => ({ keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { autoImport: false } });

export function productDoc(productId: string, i: number, over: Record<string, unknown> = {}) {
  return {
    productId,
    offerId: `OFFER-${productId}`,
    sku: String(900000 + i),
    name: `Товар ${i}`,
    description: `Описание ${i}`,
    descriptionCategoryId: '17028922',
    typeId: '91565',
    attributes: [],
    images: [],
    primaryImage: null,
    barcodes: [],
    depth: 10,
    width: 10,
    height: 10,
    dimensionUnit: 'mm',
    weight: 100,
    weightUnit: 'g',
    vat: '0.2',
    price: '1000.00',
    oldPrice: '1500.00',
    minPrice: null,
    marketingPrice: null,
    currency: 'RUB',
    statuses: { status: 'price_sent', statusName: 'Продаётся', moderateStatus: 'approved', validationStatus: 'success', isCreated: true, statusUpdatedAt: null },
    visible: true,
    hasPrice: true,
    hasStock: true,
    archived: false,
    autoArchived: false,
    ozonCreatedAt: null,
    ozonUpdatedAt: null,
    ...over,
  };
}

export const WAREHOUSE = '22000000000001';
export const pid = (i: number) => String(100000 + i);

/** Inserts a store row and `n` products with one stock row each, through the connector's writer. */
export async function seedStore(db: Kysely<DB>, workspaceId: string, n: number, name = 'Shop'): Promise<string> {
  const id = newId();
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('stores')
      .values({ id, workspace_id: workspaceId, name, client_id: String(Math.floor(Math.random() * 1e9)), key_ref: 'encrypted', has_performance: 0, status: 'active', seller_name: null, key_expires_at: null, last_checked_at: null, last_check_error: null, created_by: null, created_at: at, updated_at: at })
      .execute();
    // as StoreService.link does
    await recordChange(trx, workspaceId, { storeId: id, entity: 'store', rowKey: id, op: 'upsert' });
  });
  const scope = { workspaceId, storeId: id };
  for (let from = 0; from < n; from += 500) {
    const idx = Array.from({ length: Math.min(500, n - from) }, (_, j) => from + j);
    await db.transaction().execute(async (trx) => {
      await applyRows(trx, TABLES.product, scope, idx.map((i) => ({ key: [pid(i)], data: productDoc(pid(i), i), extra: { offer_id: `OFFER-${pid(i)}`, sku: String(900000 + i) } })));
      await applyRows(
        trx,
        TABLES.stock,
        scope,
        idx.map((i) => ({ key: [pid(i), WAREHOUSE], data: { productId: pid(i), warehouseId: WAREHOUSE, offerId: `OFFER-${pid(i)}`, sku: String(900000 + i), present: 10, reserved: 1 } })),
      );
    });
  }
  return id;
}

export async function workspaceIdOf(db: Kysely<DB>): Promise<string> {
  return (await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
}

/** A staff member of `role` who accepted a real invitation; returns the access token. */
export async function staff(h: Harness, ownerToken: string, role: 'admin' | 'manager' | 'warehouse' | 'support'): Promise<string> {
  const email = uniqueEmail(role);
  const since = Date.now();
  const inv = await h.request('POST', '/api/v1/workspace/invitations', { token: ownerToken, body: { email, role } });
  expect(inv.status, JSON.stringify(inv.body)).toBe(200);
  const mail = await h.waitForOutbox(email, since, (m) => /[A-Z2-9]{4}-[A-Z2-9]{4}/.test(m.body));
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(mail.body)![1]!;
  const acc = await h.request('POST', '/api/v1/invitations/accept', { body: { email, code, name: `${role} person`, password: PASSWORD, device: device() } });
  expect(acc.status, JSON.stringify(acc.body)).toBe(200);
  return acc.body.tokens.accessToken as string;
}

export function productMutation(storeId: string, productId: string, changes: Record<string, unknown>, base: Record<string, unknown>, baseVersion: number, extra: Partial<Mutation> = {}): Mutation {
  return { id: randomUUID(), entity: 'product', storeId, key: productId, baseVersion, changes, base, createdAt: new Date().toISOString(), ...extra } as Mutation;
}

export function stockMutation(storeId: string, productId: string, present: number, basePresent: number, baseVersion: number): Mutation {
  return { id: randomUUID(), entity: 'stock', storeId, key: `${productId}:${WAREHOUSE}`, baseVersion, changes: { present }, base: { present: basePresent }, createdAt: new Date().toISOString() };
}

/** A minimal desktop core: pulls from its cursor until caught up, keeping the rows it saw. */
export class PullClient {
  cursor = 0;
  rows = new Map<string, Record<string, unknown> | null>();
  pages = 0;
  seen: Change[] = [];
  constructor(
    private h: Harness,
    private token: string,
    private limit = 1000,
  ) {}

  async pullOnce(): Promise<{ hasMore: boolean; head: number }> {
    const res = await this.h.request('GET', `/api/v1/sync/changes?after=${this.cursor}&limit=${this.limit}`, { token: this.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as { changes: Change[]; cursor: number; head: number; hasMore: boolean };
    expect(page.cursor).toBeGreaterThanOrEqual(this.cursor);
    expect(page.cursor).toBeLessThanOrEqual(page.head);
    let last = this.cursor;
    for (const c of page.changes) {
      expect(c.seq).toBeGreaterThan(last);
      expect(c.seq).toBeLessThanOrEqual(page.cursor);
      last = c.seq;
      this.rows.set(`${c.entity}|${c.storeId}|${c.key}`, c.op === 'delete' ? null : (c.row as Record<string, unknown>));
      this.seen.push(c);
    }
    this.cursor = page.cursor;
    this.pages++;
    return { hasMore: page.hasMore, head: page.head };
  }

  async pullAll(): Promise<void> {
    for (;;) if (!(await this.pullOnce()).hasMore) return;
  }

  row(entity: string, storeId: string, key: string) {
    return this.rows.get(`${entity}|${storeId}|${key}`);
  }
}
