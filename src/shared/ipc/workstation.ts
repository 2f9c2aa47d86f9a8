import { z } from 'zod';
import { Money, OzonId, STOCK_MAX } from '../domain/common';
import { FieldConflict, ProductChanges } from '../sync/protocol';
import { text } from '../http/common';

/**
 * Renderer ⇄ main channels of the workstation (issue 4). Every read is served
 * from the local cache (works offline); every edit is written locally with an
 * outbox entry and reaches the server when it can.
 */

export const SyncStatus = z.object({
  /** the server answered recently */
  online: z.boolean(),
  /** edits waiting to be pushed */
  pending: z.number().int().nonnegative(),
  /** edits the server refused (validation) — kept until fixed or discarded */
  failed: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  lastSyncedAt: z.string().nullable(),
  /** first/large pull in progress */
  pull: z.object({ done: z.number().int(), total: z.number().int(), etaSeconds: z.number().nullable() }).nullable(),
  /** why the queue is paused: the session expired (sign in again; nothing is discarded) */
  paused: z.enum(['signed_out']).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const RowSync = z.object({
  /** local edits not yet acknowledged by the server */
  pendingFields: z.array(z.string()),
  conflict: z.object({ entryId: z.string(), conflicts: z.array(FieldConflict) }).nullable(),
  rejection: z.object({ entryId: z.string(), code: z.string(), field: z.string().optional(), message: z.string().optional() }).nullable(),
  /** where the row stands with Ozon (applied / failed with Ozon's reason / drifted) */
  ozon: z.object({ state: z.enum(['synced', 'pending', 'failed', 'drifted']), reason: z.string().nullable() }).nullable(),
});
export type RowSync = z.infer<typeof RowSync>;

export const StoreSummary = z.object({
  id: z.string(),
  name: z.string(),
  clientId: z.string(),
  /** active, key_invalid, key_expired, key_revoked, unreachable */
  status: z.string(),
  keyExpiresAt: z.string().nullable(),
  keyWarning: z.enum(['expires_soon', 'expired']).nullable(),
  lastCheckError: z.string().nullable(),
  /** a store of our own Ozon sandbox (demo / rehearsal), not the real Ozon */
  sandbox: z.boolean(),
});
export type StoreSummary = z.infer<typeof StoreSummary>;

export const ImportStatus = z.object({
  entities: z.array(
    z.object({
      entity: z.string(),
      state: z.enum(['pending', 'running', 'done', 'failed']),
      done: z.number().int(),
      total: z.number().int().nullable(),
      error: z.string().nullable(),
      /** the entity's first full import has finished (later runs refresh it) */
      imported: z.boolean(),
    }),
  ),
});

export const ProductRow = z.object({
  productId: OzonId,
  offerId: z.string(),
  sku: z.string().nullable(),
  name: z.string(),
  primaryImage: z.string().nullable(),
  price: Money.nullable(),
  oldPrice: Money.nullable(),
  currency: z.string(),
  status: z.string(),
  visible: z.boolean(),
  archived: z.boolean(),
  stockPresent: z.number().int(),
  stockReserved: z.number().int(),
  categoryName: z.string().nullable(),
  updatedAt: z.string(),
  syncState: z.enum(['synced', 'pending', 'failed', 'conflict']),
});
export type ProductRow = z.infer<typeof ProductRow>;

const SortDir = z.enum(['asc', 'desc']);

export const ProductQuery = z.strictObject({
  storeId: text(64),
  search: text(200).optional(),
  status: text(64).optional(),
  visibility: z.enum(['visible', 'hidden']).optional(),
  stock: z.enum(['in_stock', 'out_of_stock']).optional(),
  warehouseId: OzonId.optional(),
  categoryId: OzonId.optional(),
  archived: z.boolean().optional(),
  sort: z.strictObject({ field: z.enum(['name', 'offerId', 'price', 'stock', 'updatedAt']), dir: SortDir }).optional(),
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(500),
});

export const ProductDetail = z.object({
  product: z.object({
    productId: OzonId,
    offerId: z.string(),
    sku: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    images: z.array(z.string()),
    price: Money.nullable(),
    oldPrice: Money.nullable(),
    minPrice: Money.nullable(),
    currency: z.string(),
    vat: z.string(),
    status: z.string(),
    visible: z.boolean(),
    archived: z.boolean(),
    categoryName: z.string().nullable(),
    barcodes: z.array(z.string()),
    version: z.number().int(),
  }),
  stocks: z.array(
    z.object({
      warehouseId: OzonId,
      warehouseName: z.string(),
      present: z.number().int(),
      reserved: z.number().int(),
      /** false: Ozon reports no stock row for this pair yet (never stocked there); an edit creates it */
      stocked: z.boolean(),
      sync: RowSync,
    }),
  ),
  sync: RowSync,
});
export type ProductDetail = z.infer<typeof ProductDetail>;

export const OrderRow = z.object({
  postingNumber: z.string(),
  scheme: z.enum(['fbs', 'fbo']),
  status: z.string(),
  substatus: z.string(),
  warehouseName: z.string().nullable(),
  inProcessAt: z.string().nullable(),
  shipmentDate: z.string().nullable(),
  /** units: the quantities of all lines added up */
  itemsCount: z.number().int(),
  /** product lines (one per product, whatever its quantity) */
  linesCount: z.number().int().nonnegative(),
  total: Money,
  currency: z.string(),
  firstItemName: z.string(),
});
export type OrderRow = z.infer<typeof OrderRow>;

export const OrderQuery = z.strictObject({
  storeId: text(64),
  search: text(200).optional(),
  status: text(64).optional(),
  scheme: z.enum(['fbs', 'fbo']).optional(),
  warehouseId: OzonId.optional(),
  dateFrom: text(40).optional(),
  dateTo: text(40).optional(),
  sort: z.strictObject({ field: z.enum(['inProcessAt', 'shipmentDate', 'status', 'total']), dir: SortDir }).optional(),
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(500),
});

export const QueueEntry = z.object({
  id: z.string(),
  entity: z.string(),
  storeId: z.string(),
  key: z.string(),
  /** human label: product name / offer id, warehouse name */
  label: z.string(),
  changes: z.record(z.string(), z.unknown()),
  state: z.enum(['pending', 'sending', 'failed', 'conflict']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  error: z.object({ code: z.string(), field: z.string().optional(), message: z.string().optional() }).nullable(),
  conflicts: z.array(FieldConflict).nullable(),
  createdAt: z.string(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

const ok = z.object({ ok: z.literal(true) });

export const workstationIpc = {
  'stores:list': { input: z.strictObject({}), output: z.object({ stores: z.array(StoreSummary), currentStoreId: z.string().nullable() }) },
  'stores:select': { input: z.strictObject({ storeId: text(64) }), output: ok },
  /** the Api-Key goes renderer → main → server vault once, and never comes back */
  'stores:link': {
    input: z.strictObject({
      name: text(100).min(1),
      clientId: text(32).regex(/^\d{1,20}$/),
      apiKey: text(200).min(8),
      performanceClientId: text(200).optional(),
      performanceClientSecret: text(500).optional(),
    }),
    output: StoreSummary,
  },
  'stores:unlink': { input: z.strictObject({ storeId: text(64) }), output: ok },
  'stores:check': { input: z.strictObject({ storeId: text(64) }), output: StoreSummary },
  /** "try with a demo store": the embedded server starts an Ozon sandbox and links one of its stores */
  'stores:demo': { input: z.strictObject({ /** the store's name in the person's language */ name: text(100).min(1).optional() }), output: StoreSummary },
  'stores:importStatus': { input: z.strictObject({ storeId: text(64) }), output: ImportStatus },
  'sync:status': { input: z.strictObject({}), output: SyncStatus },
  'sync:now': { input: z.strictObject({}), output: SyncStatus },
  'sync:queue': { input: z.strictObject({}), output: z.object({ entries: z.array(QueueEntry) }) },
  'sync:retry': { input: z.strictObject({ id: text(64) }), output: ok },
  'sync:discard': { input: z.strictObject({ id: text(64) }), output: ok },
  /** per conflicting field: keep mine, take theirs, take Ozon's */
  'sync:resolve': {
    input: z.strictObject({ id: text(64), choices: z.record(text(64), z.enum(['yours', 'theirs', 'ozon'])) }),
    output: ok,
  },
  'products:query': { input: ProductQuery, output: z.object({ rows: z.array(ProductRow), total: z.number().int() }) },
  'products:facets': {
    input: z.strictObject({ storeId: text(64) }),
    output: z.object({
      statuses: z.array(z.string()),
      warehouses: z.array(z.object({ id: OzonId, name: z.string() })),
      categories: z.array(z.object({ id: OzonId, name: z.string() })),
    }),
  },
  'products:get': { input: z.strictObject({ storeId: text(64), productId: OzonId }), output: ProductDetail },
  'products:update': {
    input: z.strictObject({ storeId: text(64), productId: OzonId, changes: ProductChanges }),
    output: ProductDetail,
  },
  'stocks:update': {
    input: z.strictObject({ storeId: text(64), productId: OzonId, warehouseId: OzonId, present: z.number().int().min(0).max(STOCK_MAX) }),
    output: ProductDetail,
  },
  'orders:query': { input: OrderQuery, output: z.object({ rows: z.array(OrderRow), total: z.number().int() }) },
} as const;
