/**
 * The sync protocol between a desktop core and its workspace server (issue 4).
 *
 * Pull: the server keeps one change feed per workspace with a monotonic
 * sequence (`change_feed.seq`, written in the same transaction as the row).
 * A client pulls pages after its cursor until `hasMore` is false and applies
 * each page in ONE local transaction together with the new cursor, so a crash
 * never leaves rows and cursor disagreeing.
 *
 * Push: every local edit writes the row and an outbox entry in one local
 * transaction. A mutation carries an idempotency key, the base version the
 * edit was made on, only the changed fields, and for each of them the value
 * the edit started from (`base`). The server applies each key at most once (a
 * retried key returns the first result). Merge is a per-field three-way
 * compare: a field whose server value still equals `base` takes the new value;
 * a field that changed on the server (another person, or Ozon's own data) to
 * something other than the new value is a conflict. Fields not in `changes`
 * are never touched, so edits to different fields merge. A mutation with any
 * conflicting field changes nothing. A conflict resolution is itself a
 * mutation whose base is the server's current values.
 *
 * Mutations may be tagged with a change-set id (bulk edits, roadmap §1); the
 * per-row outcome of pushing to Ozon (applied / failed with Ozon's reason /
 * drifted) travels back through the feed as the row's `ozonSync` state.
 */
import { z } from 'zod';
import { Entity, Money, OzonId, STOCK_MAX } from '../domain/common';
import { ACTION_KINDS, EXPORT_SPECS, type ActionKind } from '../exports';

export const SYNC_PAGE_MAX = 1000;
export const PUSH_BATCH_MAX = 500;
/**
 * Bytes of a push body, as JSON (inflated, when it comes compressed): 500
 * mutations with long Cyrillic or Chinese descriptions in both `changes` and
 * `base` fit. The server's limit and the client's own bound.
 */
export const PUSH_MAX_BYTES = 24 * 1024 * 1024;

/** GET /api/v1/sync/changes?after=<seq>&limit=<n> */
export const PullQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(SYNC_PAGE_MAX).default(SYNC_PAGE_MAX),
});

/**
 * A pull answer repeats its page's `cursor` and `hasMore` in these headers, so
 * a client can ask for the next page while it still decodes and applies this
 * one (the server builds it meanwhile). The body stays the authority: a
 * client checks the decoded page against them and refuses a mismatch.
 *
 * A pull answer comes in the content coding the request's Accept-Encoding
 * allows (br, gzip, or none; Vary: Accept-Encoding): the page's size bound
 * counts its bytes as decoded.
 */
export const PAGE_HEADERS = { cursor: 'sync-cursor', hasMore: 'sync-has-more' } as const;

/** The headers' values (a server that sends none, or unreadable ones, gives no early cursor: the client asks after decoding). */
export const PageHead = z.object({
  cursor: z.string().regex(/^\d{1,15}$/).transform(Number),
  hasMore: z.enum(['true', 'false']).transform((v) => v === 'true'),
});
export type PageHead = z.output<typeof PageHead>;

export const Change = z.object({
  seq: z.number().int().positive(),
  entity: Entity,
  storeId: z.string().nullable(),
  /** the row's key within (store, entity), e.g. a product_id or "productId:warehouseId" */
  key: z.string(),
  op: z.enum(['upsert', 'delete']),
  /**
   * the row as it is now (validated by the entity's domain schema); null for deletes. The desktop
   * client keeps it as a RawRow (the row's bytes in the page, page-bytes.ts) until the cache reads it.
   */
  row: z.unknown().nullable(),
});
export type Change = z.infer<typeof Change>;

export const ChangePage = z.object({
  changes: z.array(Change),
  /** the cursor to store after applying this page */
  cursor: z.number().int().nonnegative(),
  /** the feed head when the page was read: drives done/total progress */
  head: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type ChangePage = z.infer<typeof ChangePage>;

/** Entities a person may edit, and exactly which fields. Everything else is read-only mirror data. */
export const EDITABLE_FIELDS = {
  product: ['name', 'description', 'price', 'oldPrice', 'minPrice'],
  stock: ['present'],
} as const;
export type EditableEntity = keyof typeof EDITABLE_FIELDS;
export const EditableEntity = z.enum(Object.keys(EDITABLE_FIELDS) as [EditableEntity, ...EditableEntity[]]);

/** Field value schemas; the server re-validates against Ozon's rules (e.g. old price vs price). */
export const ProductChanges = z
  .strictObject({
    name: z.string().min(1).max(500),
    description: z.string().max(6000),
    price: Money,
    oldPrice: Money,
    minPrice: Money,
  })
  .partial();
export const StockChanges = z.strictObject({ present: z.number().int().min(0).max(STOCK_MAX) }).partial();

/**
 * An action (roadmap §2, §4, §5): a command Ozon must carry out on a row —
 * ship or cancel a posting, reply to a review, answer a question, message a
 * chat, join or leave a promotion, archive a product. Queued offline like an
 * edit and applied at most once per `id`; the server checks permission, that
 * the row exists and (where the cache knows it) that the action fits the
 * row's state, then queues the export in the same transaction. `key` and
 * `values` are validated by EXPORT_SPECS[kind] (src/shared/exports).
 */
export const ActionMutation = z
  .strictObject({
    /** idempotency key: a UUID the client generates once per action and reuses on every retry */
    id: z.string().uuid(),
    entity: z.literal('action'),
    storeId: z.string().min(1).max(64),
    kind: z.enum(ACTION_KINDS),
    /** the target row's key (posting number, review id, "actionId:productId", product id, …) */
    key: z.string().min(1).max(64),
    values: z.record(z.string(), z.unknown()),
    changeSetId: z.string().max(64).optional(),
    createdAt: z.string().max(40),
  })
  .superRefine((m, ctx) => checkActionShape(m.kind, m.key, m.values, ctx));
export type ActionMutation = z.infer<typeof ActionMutation>;

/** key and values of an action against its export kind's schemas (also used by the HTTP exports endpoint). */
export function checkActionShape(kind: ActionKind, key: string, values: unknown, ctx: z.RefinementCtx): void {
  const spec = EXPORT_SPECS[kind];
  if (!spec) return; // the enum already refused it
  if (!spec.key.safeParse(key).success) ctx.addIssue({ code: 'custom', path: ['key'], message: `not a ${spec.entity} key` });
  const v = spec.values.safeParse(values);
  if (!v.success) for (const i of v.error.issues) ctx.addIssue({ code: 'custom', path: ['values', ...i.path.map(String)], message: i.message });
}

export const Mutation = z.discriminatedUnion('entity', [
  z.strictObject({
    /** idempotency key: a UUID the client generates once per edit and reuses on every retry */
    id: z.string().uuid(),
    entity: z.literal('product'),
    storeId: z.string().min(1).max(64),
    key: OzonId,
    baseVersion: z.number().int().nonnegative(),
    changes: ProductChanges,
    /** for every field in `changes`, the value it had when the edit began */
    base: z.record(z.string(), z.unknown()),
    changeSetId: z.string().max(64).optional(),
    createdAt: z.string().max(40),
  }),
  z.strictObject({
    id: z.string().uuid(),
    entity: z.literal('stock'),
    storeId: z.string().min(1).max(64),
    /** "productId:warehouseId" */
    key: z.string().regex(/^\d{1,25}:\d{1,25}$/),
    baseVersion: z.number().int().nonnegative(),
    changes: StockChanges,
    base: z.record(z.string(), z.unknown()),
    changeSetId: z.string().max(64).optional(),
    createdAt: z.string().max(40),
  }),
  ActionMutation,
]);
export type Mutation = z.infer<typeof Mutation>;
/** A field edit of an editable row (product, stock). */
export type EditMutation = Exclude<Mutation, ActionMutation>;

/** POST /api/v1/sync/mutations */
export const PushRequest = z.strictObject({ mutations: z.array(Mutation).min(1).max(PUSH_BATCH_MAX) });

export const FieldConflict = z.object({
  field: z.string(),
  /** the value the client's edit started from */
  base: z.unknown(),
  yours: z.unknown(),
  /** the server's current value (another person's edit) */
  theirs: z.unknown(),
  /** the last value read back from Ozon, when known */
  ozon: z.unknown().optional(),
});
export type FieldConflict = z.infer<typeof FieldConflict>;

export const MutationResult = z.discriminatedUnion('status', [
  /** applied (possibly merged with other fields changed since base); `version` is the row's new version */
  z.object({ id: z.string(), status: z.literal('applied'), version: z.number().int(), merged: z.boolean() }),
  z.object({ id: z.string(), status: z.literal('conflict'), version: z.number().int(), conflicts: z.array(FieldConflict) }),
  /** refused by validation (Ozon's rules, permissions, unknown row): the client keeps its value until a person acts */
  z.object({
    id: z.string(),
    status: z.literal('rejected'),
    reason: z.object({ code: z.string(), field: z.string().optional(), message: z.string().optional() }),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

/** Where a row stands with Ozon after an accepted edit. */
export const OzonSyncState = z.object({
  state: z.enum(['synced', 'pending', 'failed', 'drifted']),
  /** Ozon's reason for `failed`, or which fields drifted */
  reason: z.string().nullable(),
  at: z.string().nullable(),
});
export type OzonSyncState = z.infer<typeof OzonSyncState>;

/**
 * GET /api/v1/sync/events — server-sent events: `event: changes` with
 * `data: {"head": <seq>}` whenever the workspace feed advances; a comment
 * heartbeat every 25 s. Clients fall back to polling when it drops.
 */
export const ChangesNotice = z.object({ head: z.number().int().nonnegative() });

/**
 * Rows of the editable entities (product, stock), and rows that actions
 * target (postings, reviews, questions, chats, promotion products), in a
 * Change carry `ozonSync`: null when nothing made through Sellerdesk ever went to Ozon,
 * otherwise where the newest edits stand (pending until the exporter reports
 * Ozon's answer). The domain schemas are strict: pick `ozonSync` off the row
 * before validating it with Product / StockLevel.
 */
export const RowOzonSync = z.object({ ozonSync: OzonSyncState.nullable() });

/** `rejected.reason.code` values the server sends (the renderer localizes them; `field` names the field when there is one). */
export const REJECT_CODES = [
  'FORBIDDEN', // the role lacks prices.edit / stocks.edit / products.edit for `field`
  'FIELD_NOT_EDITABLE',
  'NO_CHANGES',
  'UNKNOWN_STORE', // no such store in the workspace (unlinked?)
  'UNKNOWN_ROW', // no such product / stock row (or it was deleted on Ozon)
  'PRICE_INVALID',
  'PRICE_PRECISION', // more than two decimals
  'PRICE_NEGATIVE',
  'PRICE_NOT_POSITIVE', // price must be > 0
  'OLD_PRICE_NOT_ABOVE_PRICE', // old price must be 0 (none) or above price
  'OLD_PRICE_GAP_TOO_SMALL', // Ozon: old − price ≥ 20 ₽ (price < 400), 5 % (400–10 000), 500 ₽ (> 10 000)
  'MIN_PRICE_ABOVE_PRICE',
  'NAME_EMPTY',
  'NAME_TOO_LONG',
  'DESCRIPTION_TOO_LONG',
  'STOCK_INVALID',
  'STOCK_TOO_LARGE',
  // actions (entity 'action')
  'ACTION_INVALID', // key or values do not fit the action's kind
  'POSTING_NOT_FBS', // only FBS postings are shipped or cancelled by the seller
  'POSTING_NOT_AWAITING_PACKAGING', // ship: the posting is no longer (or not yet) awaiting packaging
  'SHIP_ITEMS_MISMATCH', // ship: the packages do not hold exactly the posting's items (quantity per SKU)
  'POSTING_NOT_CANCELLABLE', // cancel: the posting is already on its way, delivered or cancelled
  'CANCEL_MESSAGE_REQUIRED', // cancel reason 402 ("other") needs a message
  'PRODUCT_ALREADY_ARCHIVED',
  'PRODUCT_NOT_ARCHIVED',
  'QUESTION_SKU_MISMATCH', // the answer names another product than the question
  'CHAT_CLOSED',
  'PROMOTION_PRICE_TOO_HIGH', // action price above Ozon's maximum for the product
  'PROMOTION_NOT_PARTICIPATING', // leave: the product is not in the promotion
] as const;
