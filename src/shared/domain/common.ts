/**
 * Building blocks of the store-data model shared by the server, the main
 * process cache (issue 4) and the renderer. Pure TS + zod: no node imports.
 *
 * Invariants:
 * - Money is a decimal string ("1530.00"), never a float: sums and comparisons
 *   are done on strings/decimals by whoever needs them.
 * - Ozon ids are strings of digits: several (chat message ids, some posting
 *   and warehouse ids) exceed 2^53 and would lose precision as JS numbers.
 * - Every synced row carries `version` = the workspace change-feed sequence
 *   number of its last change, and `updatedAt` (ISO-8601 UTC) of that change.
 */
import { z } from 'zod';

/** Decimal money/price as text: optional minus, digits, optional fraction. */
export const Money = z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/);
export type Money = z.infer<typeof Money>;

/** Ozon integer id kept exact: digits only (ids are never negative). */
export const OzonId = z.string().regex(/^\d{1,25}$/);

/** The most stock one warehouse may be set to through Sellerdesk: the contracts, the server's rules and the stock editor's message share it. */
export const STOCK_MAX = 10_000_000;
export type OzonId = z.infer<typeof OzonId>;

/** ISO-8601 timestamp text as Ozon or we produce it. */
export const Timestamp = z.string().max(40);

/** ISO 4217 currency code as Ozon prints it (RUB, CNY, USD, …). */
export const Currency = z.string().max(8);

/** Sync metadata every store-data row carries. */
export const SyncMeta = {
  storeId: z.string(),
  version: z.number().int().nonnegative(),
  updatedAt: Timestamp,
  deleted: z.boolean(),
};

/** The store-data entities kept on the server; names are the change-feed `entity` values. */
export const ENTITIES = [
  'store',
  'warehouse',
  'category',
  'category_attributes',
  'product',
  'stock',
  'posting',
  'return',
  'promotion',
  'promotion_product',
  'review',
  'review_comment',
  'question',
  'question_answer',
  'chat',
  'chat_message',
  'campaign',
  'campaign_stat',
  'finance_transaction',
] as const;
export const Entity = z.enum(ENTITIES);
export type Entity = z.infer<typeof Entity>;
