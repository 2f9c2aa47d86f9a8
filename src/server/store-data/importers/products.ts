/**
 * Products: /v3/product/list in two passes (visibility ALL, then ARCHIVED,
 * since ALL excludes archived products), 100 a page; per page
 * /v3/product/info/list + /v4/product/info/attributes for the page's ids and
 * /v1/product/info/description only for products that are new or whose Ozon
 * updated_at moved (one call per product: the expensive part). The checkpoint
 * is (phase = visibility, cursor = last_id). After both passes, products that
 * vanished from Ozon are swept. Pages are pipelined (see run): the next
 * page's reads overlap this page's write.
 */
import type { Kysely } from 'kysely';
import type { Product } from '../../../shared/domain/catalog';
import type { DB } from '../../db/schema';
import { getProductAttributes, getProductDescription, getProductInfo, listProducts, type OzonProductAttributes, type OzonProductInfo, type Visibility } from '../../ozon/endpoints/products';
import { optionalPrice } from '../../ozon/endpoints/zod-helpers';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen } from '../upsert';
import { mapLimit, type Importer } from './context';

export type ProductDoc = Omit<Product, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

const PAGE = 100;
const PHASES: Visibility[] = ['ALL', 'ARCHIVED'];

async function existingDocs(db: Kysely<DB>, storeId: string, ids: string[]): Promise<Map<string, ProductDoc>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('products').select(['product_id', 'data']).where('store_id', '=', storeId).where('product_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.product_id, JSON.parse(r.data) as ProductDoc]));
}

export function productDoc(info: OzonProductInfo, attrs: OzonProductAttributes | undefined, description: string | null, old: ProductDoc | undefined): ProductDoc {
  return {
    productId: info.id,
    offerId: info.offer_id,
    sku: info.sku,
    name: info.name,
    description,
    descriptionCategoryId: info.description_category_id,
    typeId: info.type_id,
    attributes: (attrs?.attributes ?? []).map((a) => ({ id: a.id, complexId: a.complex_id, values: a.values.map((v) => ({ dictionaryValueId: v.dictionary_value_id, value: v.value })) })),
    images: info.images,
    primaryImage: info.primary_image[0] ?? null,
    barcodes: info.barcodes,
    depth: attrs?.depth ?? null,
    width: attrs?.width ?? null,
    height: attrs?.height ?? null,
    dimensionUnit: attrs?.dimension_unit ?? null,
    weight: attrs?.weight ?? null,
    weightUnit: attrs?.weight_unit ?? null,
    vat: info.vat,
    price: info.price,
    oldPrice: optionalPrice(info.old_price),
    minPrice: optionalPrice(info.min_price),
    // only /v5/product/info/prices knows it; keep what the prices import wrote
    marketingPrice: old?.marketingPrice ?? null,
    currency: info.currency_code,
    ...productStateFields(info),
    ozonCreatedAt: info.created_at,
  };
}

/**
 * The fields of a product row that its state on Ozon decides (moderation,
 * visibility, archiving), as /v3/product/info/list shows them: the import
 * writes them in the whole row, and an archive or unarchive read-back merges
 * them into the cached row (jobs/kinds/archive.ts), so the product moves to
 * Archived when Ozon confirms instead of at the next products import.
 */
export function productStateFields(info: OzonProductInfo) {
  return {
    statuses: {
      status: info.statuses.status,
      statusName: info.statuses.status_name,
      moderateStatus: info.statuses.moderate_status,
      validationStatus: info.statuses.validation_status,
      isCreated: info.statuses.is_created,
      statusUpdatedAt: info.statuses.status_updated_at,
    },
    visible: info.visibility_details.has_price && info.visibility_details.has_stock && !info.is_archived,
    hasPrice: info.visibility_details.has_price,
    hasStock: info.visibility_details.has_stock,
    archived: info.is_archived,
    autoArchived: info.is_autoarchived,
    ozonUpdatedAt: info.updated_at,
  } satisfies Partial<ProductDoc>;
}

export const productsImporter: Importer = {
  entity: 'products',
  async run(ctx) {
    let phaseIdx = Math.max(0, PHASES.indexOf((ctx.phase ?? 'ALL') as Visibility));
    let cursor = ctx.cursor ?? '';
    let totals = ctx.total ?? 0;
    for (; phaseIdx < PHASES.length; phaseIdx++) {
      const visibility = PHASES[phaseIdx]!;
      let firstPage = true;
      // Pipelined: as soon as page N's list answer gives the next cursor, page
      // N+1's list, info and attributes calls start; they and page N's write
      // overlap page N's description calls (the bulk). Writes stay in page
      // order (each is chained after the one before), so a checkpoint's
      // cursor never passes a page that is not written.
      const load = (from: string) =>
        settledLater(
          listProducts(ctx.client, visibility, from, PAGE, ctx.signal).then(async (list) => {
            const ids = list.result.items.map((i) => i.product_id);
            if (!ids.length) return { list, ids, info: null, attrs: null, old: null };
            const [info, attrs, old] = await Promise.all([getProductInfo(ctx.client, ids, ctx.signal), getProductAttributes(ctx.client, ids, '', ctx.signal), existingDocs(ctx.db, ctx.scope.storeId, ids)]);
            return { list, ids, info, attrs, old };
          }),
        );
      let loading = load(cursor);
      let writing: Promise<void> = Promise.resolve();
      let written: Promise<void> = Promise.resolve();
      let done = ctx.done;
      try {
        for (;;) {
          const { list, ids, info, attrs, old } = await loading;
          if (firstPage && !cursor && list.result.total !== null) totals = (phaseIdx === 0 ? 0 : (ctx.total ?? 0)) + list.result.total;
          firstPage = false;
          if (!info || !attrs || !old) break;
          const next = list.result.last_id && ids.length === PAGE ? list.result.last_id : '';
          if (next) loading = load(next);
          const attrsById = new Map(attrs.result.map((a) => [a.id, a]));
          const stale = info.items.filter((p) => {
            const o = old.get(p.id);
            return !o || o.description === null || o.ozonUpdatedAt !== p.updated_at;
          });
          const fetched = new Map<string, string | null>();
          await mapLimit(stale, ctx.config.descriptionConcurrency, async (p) => {
            const d = await getProductDescription(ctx.client, p.id, ctx.signal);
            fetched.set(p.id, d.result.description);
          });
          const rows = info.items.map((p) => {
            const o = old.get(p.id);
            const description = fetched.has(p.id) ? fetched.get(p.id)! : (o?.description ?? null);
            return { key: [p.id], data: productDoc(p, attrsById.get(p.id), description, o), extra: { offer_id: p.offer_id, sku: p.sku } };
          });
          done += rows.length;
          const pageDone = done;
          // chained after the page before (page order); the next page's descriptions start without
          // waiting for it, with at most two pages' writes queued (bounded memory, timely checkpoints)
          await written;
          written = writing;
          writing = settledLater(
            writing.then(() =>
              ctx.commit((trx) => applyRows(trx, TABLES.product, ctx.scope, rows, { holdEditsInFlight: true }).then(() => undefined), {
                phase: visibility,
                cursor: next || null,
                done: pageDone,
                total: Math.max(totals, pageDone),
              }),
            ),
          );
          if (!next) break;
        }
      } finally {
        // a failed page still lets the page before it finish writing (never a commit after the run ended)
        await writing.catch(() => undefined);
      }
      await writing;
      cursor = '';
      if (phaseIdx + 1 < PHASES.length) await ctx.commit(null, { phase: PHASES[phaseIdx + 1]!, cursor: null, total: totals });
    }
    await ctx.commit((trx) => sweepUnseen(trx, TABLES.product, ctx.scope).then(() => undefined), { total: ctx.done });
  },
};

/** A promise awaited later: its rejection is handled there, not reported as unhandled in between. */
function settledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
