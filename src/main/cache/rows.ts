/**
 * How each change-feed entity maps onto its cache table: the projected
 * (indexed/queried) columns taken from the row JSON. Editable entities
 * (product, stock) are handled by the cache itself because their columns hold
 * the effective value (server row + pending local edits).
 */
type Row = Record<string, unknown>;
export type SqlValue = string | number | null;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v == null ? null : String(v));
const reqStr = (v: unknown): string => str(v) ?? '';
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const bool = (v: unknown): number => (v ? 1 : 0);
export const num = (v: unknown): number | null => {
  if (v == null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
};

export interface SimpleSpec {
  table: string;
  cols: string[];
  project(r: Row): SqlValue[];
}

export const SIMPLE: Record<string, SimpleSpec> = {
  warehouse: { table: 'warehouses', cols: ['name', 'status'], project: (r) => [reqStr(r.name), reqStr(r.status)] },
  category: {
    table: 'categories',
    cols: ['category_id', 'type_id', 'parent_id', 'name'],
    project: (r) => [reqStr(r.descriptionCategoryId), reqStr(r.typeId), str(r.parentCategoryId), reqStr(r.name)],
  },
  return: {
    table: 'returns',
    cols: ['posting_number', 'status', 'sku', 'returned_at'],
    project: (r) => [reqStr(r.postingNumber), reqStr(r.status), str(r.sku), str(r.returnedAt)],
  },
  promotion: { table: 'promotions', cols: ['date_start', 'date_end', 'participating'], project: (r) => [str(r.dateStart), str(r.dateEnd), bool(r.isParticipating)] },
  promotion_product: {
    table: 'promotion_products',
    cols: ['action_id', 'product_id', 'participating'],
    project: (r) => [reqStr(r.actionId), reqStr(r.productId), bool(r.participating)],
  },
  review: {
    table: 'reviews',
    cols: ['sku', 'status', 'rating', 'published_at'],
    project: (r) => [reqStr(r.sku), reqStr(r.status), int(r.rating), str(r.publishedAt)],
  },
  review_comment: { table: 'review_comments', cols: ['review_id', 'published_at'], project: (r) => [reqStr(r.reviewId), str(r.publishedAt)] },
  question: { table: 'questions', cols: ['sku', 'status', 'published_at'], project: (r) => [reqStr(r.sku), reqStr(r.status), str(r.publishedAt)] },
  question_answer: { table: 'question_answers', cols: ['question_id', 'published_at'], project: (r) => [reqStr(r.questionId), str(r.publishedAt)] },
  chat: { table: 'chats', cols: ['status', 'unread_count', 'created_at'], project: (r) => [reqStr(r.chatStatus), int(r.unreadCount), str(r.createdAt)] },
  campaign: { table: 'campaigns', cols: ['state'], project: (r) => [reqStr(r.state)] },
  campaign_stat: { table: 'campaign_stats', cols: ['campaign_id', 'date'], project: (r) => [reqStr(r.campaignId), reqStr(r.date)] },
  finance_transaction: {
    table: 'finance_transactions',
    cols: ['operation_date', 'posting_number', 'amount'],
    project: (r) => [str(r.operationDate), str(r.postingNumber), num(r.amount) ?? 0],
  },
};

/**
 * The top-level fields of a product row that its projection reads
 * (EffectiveRows.writeProduct, the search index included): a pulled row is
 * decoded only for these (apply.ts), so a field read there must be listed.
 */
export const PRODUCT_FIELDS = ['offerId', 'sku', 'name', 'price', 'statuses', 'visible', 'archived', 'descriptionCategoryId', 'typeId', 'barcodes'] as const;
/** The same for a posting (postingProjection and the posting search index). */
export const POSTING_FIELDS = ['scheme', 'status', 'substatus', 'warehouseId', 'inProcessAt', 'shipmentDate', 'items', 'postingNumber'] as const;

export interface PostingItemRow {
  sku: string;
  offerId: string;
  name: string;
  quantity: number;
  price: string;
}

export function postingProjection(r: Row) {
  const items = (Array.isArray(r.items) ? r.items : []) as Partial<PostingItemRow & { currency: string }>[];
  let total = 0;
  // units, not lines: the list counts its lines from posting_items
  let count = 0;
  for (const it of items) {
    const q = int(it.quantity);
    count += q;
    total += (num(it.price) ?? 0) * q;
  }
  const totalText = total.toFixed(2);
  return {
    items,
    cols: [
      reqStr(r.scheme),
      reqStr(r.status),
      reqStr(r.substatus),
      str(r.warehouseId),
      str(r.inProcessAt),
      str(r.shipmentDate),
      count,
      Number(totalText),
      totalText,
      reqStr(items[0]?.currency ?? 'RUB'),
      reqStr(items[0]?.name ?? ''),
      // the number as the search entry holds it (the key stands in when it is empty)
      reqStr(r.postingNumber),
    ] as SqlValue[],
  };
}

export const POSTING_COLS = [
  'scheme',
  'status',
  'substatus',
  'warehouse_id',
  'in_process_at',
  'shipment_date',
  'items_count',
  'total',
  'total_text',
  'currency',
  'first_item_name',
  'posting_number',
];

export { str, reqStr, int, bool };
