/**
 * Shared by the suites that drive actions without Ozon (sync-actions,
 * jobs-exports-endpoint) and the sync protocol suite: a workspace server with
 * its owner and one seeded store (the sync set-up of sync-support.ts), the
 * rows actions target, an `action` mutation builder and the ship command of
 * the seeded postings.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/server/db/schema';
import { TABLES } from '../../../src/server/store-data/tables';
import { applyRows } from '../../../src/server/store-data/upsert';
import type { Mutation } from '../../../src/shared/sync/protocol';
import { pid, seedStore, syncServerOptions, WAREHOUSE, workspaceIdOf } from '../sync-support';
import { setupOwner, startHarness, type DbKind, type Harness } from './harness';

export type PostingSeed = [postingNumber: string, scheme: 'fbs' | 'fbo', status: string];

/** The ship command of a seeded posting: its one item (sku 900001), one package. */
export const SHIP = { packages: [{ products: [{ sku: '900001', quantity: 1 }] }] };

export interface SyncServer {
  h: Harness;
  /** the owner's access token */
  owner: string;
  ws: string;
  /** the seeded store's id */
  store: string;
}

/**
 * A workspace server (no Ozon: only the test's writes change rows) with its
 * owner and one store of `products` products; with `postings`, also the rows
 * actions target (seedActionTargets).
 */
export async function startSyncServer(kind: DbKind, products: number, postings?: PostingSeed[], deps: Parameters<typeof startHarness>[2] = {}): Promise<SyncServer> {
  const h = await startHarness(kind, syncServerOptions(), deps);
  const owner = (await setupOwner(h)).auth.tokens.accessToken;
  const ws = await workspaceIdOf(h.built.db);
  const store = await seedStore(h.built.db, ws, products);
  if (postings) await seedActionTargets(h.built.db, ws, store, postings);
  return { h, owner, ws, store };
}

export function postingDoc(postingNumber: string, scheme: 'fbs' | 'fbo', status: string) {
  return {
    postingNumber,
    scheme,
    orderId: '5550001',
    orderNumber: postingNumber.split('-').slice(0, 2).join('-'),
    status,
    substatus: `posting_${status}`,
    warehouseId: scheme === 'fbs' ? WAREHOUSE : null,
    deliveryMethodName: 'Ozon Логистика',
    trackingNumber: null,
    inProcessAt: '2025-01-10T10:00:00Z',
    shipmentDate: '2025-01-12T10:00:00Z',
    deliveringDate: null,
    cancelReason: null,
    cancelReasonId: null,
    availableActions: [],
    items: [{ sku: '900001', offerId: `OFFER-${pid(1)}`, name: 'Товар 1', quantity: 1, price: '1000.00', currency: 'RUB' }],
  };
}

/** Rows that actions target, written through the connector's writer: postings, a review, a question, chats, promotion products. */
export async function seedActionTargets(db: Kysely<DB>, workspaceId: string, storeId: string, postings: PostingSeed[]): Promise<void> {
  const scope = { workspaceId, storeId };
  await db.transaction().execute(async (trx) => {
    await applyRows(trx, TABLES.posting, scope, postings.map(([n, scheme, status]) => ({ key: [n], data: postingDoc(n, scheme, status), extra: { scheme, status, in_process_at: '2025-01-10T10:00:00Z' } })));
    const review = { reviewId: 'rev-1', sku: '900001', text: 'Хорошо', rating: 5, status: 'UNPROCESSED', orderStatus: 'DELIVERED', commentsAmount: 0, photosAmount: 0, videosAmount: 0, isRatingParticipant: true, publishedAt: null };
    await applyRows(trx, TABLES.review, scope, [{ key: ['rev-1'], data: review }]);
    const question = { questionId: 'q-1', sku: '900001', text: 'Какой размер?', authorName: 'Анна', status: 'NEW', answersCount: 0, productUrl: null, publishedAt: null };
    await applyRows(trx, TABLES.question, scope, [{ key: ['q-1'], data: question }]);
    const chat = (chatId: string, chatStatus: string) => ({ chatId, chatType: 'Buyer_Seller', chatStatus, unreadCount: 1, lastMessageId: null, firstUnreadMessageId: null, createdAt: null });
    await applyRows(trx, TABLES.chat, scope, [
      { key: ['chat-1'], data: chat('chat-1', 'Opened') },
      { key: ['chat-2'], data: chat('chat-2', 'Closed') },
    ]);
    const pp = (productId: string, participating: boolean) => ({ actionId: '77', productId, participating, price: '1000.00', actionPrice: participating ? '850.00' : null, maxActionPrice: '900.00', stock: null });
    await applyRows(trx, TABLES.promotion_product, scope, [
      { key: ['77', pid(1)], data: pp(pid(1), false) },
      { key: ['77', pid(2)], data: pp(pid(2), true) },
      { key: ['77', pid(3)], data: pp(pid(3), false) },
    ]);
    // archived products (pids 4 and 8)
    await applyRows(trx, TABLES.product, scope, [pid(4), pid(8)].map((p) => ({ key: [p], patch: { archived: true } })));
  });
}

export function actionMutation(storeId: string, kind: string, key: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}): Mutation {
  return { id: randomUUID(), entity: 'action', storeId, kind, key, values, createdAt: new Date().toISOString(), ...extra } as Mutation;
}
