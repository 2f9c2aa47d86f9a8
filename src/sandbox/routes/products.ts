/**
 * Product reads: /v3/product/list (last_id keyset), /v3/product/info/list
 * (by ids, ≤1000), /v4/product/info/attributes (last_id),
 * /v1/product/info/description. Archive writes are in ./product-archive.ts.
 */
import { ts } from '../util/time';
import { Check, msg, nums, num, str, strs } from '../protocol/validate';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import { invalidArgument, notFound } from '../protocol/errors';
import type { Decoded } from '../protocol/decode';
import type { RouteDef } from './context';
import { ATTR } from '../seed/catalog';
import { ARCHIVED_AUTO, ARCHIVED_MANUAL, findProduct, queryProducts, stocksOf, type ProductFilter, type ProductRow } from './product-store';

export function filterOf(f: Decoded | undefined, withSku = false): ProductFilter {
  return {
    offerIds: strs(f?.offer_id),
    productIds: nums(f?.product_id),
    skus: withSku ? nums(f?.sku) : [],
    visibility: str(f?.visibility) || 'ALL',
  };
}

/**
 * The card's attributes as Ozon lists them: name (4180) and annotation (4191)
 * are attributes too, served from the product row (their source of truth).
 */
function attributesOf(p: ProductRow): unknown[] {
  const stored = (JSON.parse(p.attributes) as { id: number }[]).filter((a) => a.id !== ATTR.name && a.id !== ATTR.annotation);
  const text = (id: number, value: string) => ({ id, complex_id: 0, values: [{ dictionary_value_id: 0, value }] });
  return [...stored, text(ATTR.name, p.name), ...(p.description ? [text(ATTR.annotation, p.description)] : [])];
}

const STATUS_NAMES: Record<string, string> = { price_sent: 'Готов к продаже', moderating: 'На модерации', failed: 'Ошибка' };

function infoItem(p: ProductRow, stocks: { present: number; reserved: number }[]): Record<string, unknown> {
  const fbsPresent = stocks.reduce((s, x) => s + x.present, 0);
  const fbsReserved = stocks.reduce((s, x) => s + x.reserved, 0);
  const images = JSON.parse(p.images) as string[];
  return {
    availabilities: [],
    barcodes: JSON.parse(p.barcodes) as string[],
    color_image: p.color_image ? [p.color_image] : [],
    commissions: [
      { delivery_amount: 0, percent: p.commission_fbo, return_amount: 0, sale_schema: 'FBO', value: Math.round(p.price * p.commission_fbo) / 100 },
      { delivery_amount: 0, percent: p.commission_fbs, return_amount: 0, sale_schema: 'FBS', value: Math.round(p.price * p.commission_fbs) / 100 },
    ],
    created_at: ts(p.created_at),
    currency_code: p.currency_code,
    description_category_id: p.description_category_id,
    discounted_fbo_stocks: 0,
    errors: [],
    has_discounted_fbo_item: false,
    id: p.product_id,
    images,
    images360: [],
    is_archived: p.archived === ARCHIVED_MANUAL,
    is_autoarchived: p.archived === ARCHIVED_AUTO,
    is_discounted: p.is_discounted === 1,
    is_kgt: p.is_kgt === 1,
    is_prepayment_allowed: true,
    is_super: false,
    min_price: p.min_price ? p.min_price.toFixed(2) : '',
    model_info: { count: 1, model_id: p.product_id + 500_000_000 },
    name: p.name,
    offer_id: p.offer_id,
    old_price: p.old_price ? p.old_price.toFixed(2) : '',
    price: p.price.toFixed(2),
    price_indexes: {
      color_index: 'COLOR_INDEX_WITHOUT_INDEX',
      external_index_data: { minimal_price: '', minimal_price_currency: '', price_index_value: 0 },
      ozon_index_data: { minimal_price: '', minimal_price_currency: '', price_index_value: 0 },
      self_marketplaces_index_data: { minimal_price: '', minimal_price_currency: '', price_index_value: 0 },
    },
    primary_image: p.primary_image ? [p.primary_image] : [],
    promotions: [],
    sku: p.sku,
    sources: [{ created_at: ts(p.created_at), quant_code: '', shipment_type: 'SHIPMENT_TYPE_GENERAL', sku: p.sku, source: 'sds' }],
    statuses: {
      is_created: p.status !== 'failed',
      moderate_status: p.moderate_status,
      status: p.status,
      status_description: '',
      status_failed: '',
      status_name: STATUS_NAMES[p.status] ?? p.status,
      status_tooltip: '',
      status_updated_at: ts(p.status_updated_at),
      validation_status: p.validation_status,
    },
    stocks: {
      has_stock: fbsPresent + p.fbo_present > 0,
      stocks: [
        { present: p.fbo_present, reserved: p.fbo_reserved, sku: p.sku, source: 'fbo' },
        { present: fbsPresent, reserved: fbsReserved, sku: p.sku, source: 'fbs' },
      ],
    },
    type_id: p.type_id,
    updated_at: ts(p.updated_at),
    vat: p.vat,
    visibility_details: { has_price: p.price > 0, has_stock: fbsPresent - fbsReserved + p.fbo_present > 0 },
    volume_weight: Math.round(((p.depth * p.width * p.height) / 5_000_000) * 10) / 10,
  };
}

export const productRoutes: RouteDef[] = [
  {
    path: '/v3/product/list',
    handler: ({ w, store, body }) => {
      const check = new Check('GetProductListRequest');
      const limit = check.range('limit', num(body.limit), 1, 1000);
      const cur = decodeCursor(str(body.last_id), 'last_id');
      const after = cur ? Number(cur[0]) : 0;
      const { rows, total } = queryProducts(w.db, store.id, filterOf(msg(body.filter)), after, limit);
      const stocks = stocksOf(w.db, rows.map((r) => r.product_id));
      const last = rows[rows.length - 1];
      return {
        result: {
          items: rows.map((p) => {
            const st = stocks.get(p.product_id) ?? [];
            return {
              archived: p.archived !== 0,
              has_fbo_stocks: p.fbo_present > 0,
              has_fbs_stocks: st.some((s) => s.present > 0),
              is_discounted: p.is_discounted === 1,
              offer_id: p.offer_id,
              product_id: p.product_id,
              quants: [],
            };
          }),
          last_id: last ? encodeCursor([last.product_id, last.product_id]) : '',
          total,
        },
      };
    },
  },
  {
    path: '/v3/product/info/list',
    handler: ({ w, store, body }) => {
      const f: ProductFilter = { offerIds: strs(body.offer_id), productIds: nums(body.product_id), skus: nums(body.sku), visibility: 'ALL' };
      if (f.offerIds.length + f.productIds.length + f.skus.length > 1000) throw invalidArgument('invalid GetProductInfoListRequest: the total number of offer_id, product_id and sku must be no more than 1000');
      if (f.offerIds.length + f.productIds.length + f.skus.length === 0) return { items: [] };
      const { rows } = queryProducts(w.db, store.id, f, 0, 0);
      const stocks = stocksOf(w.db, rows.map((r) => r.product_id));
      return {
        items: rows.map((p) => infoItem(p, stocks.get(p.product_id) ?? [])),
      };
    },
  },
  {
    path: '/v4/product/info/attributes',
    handler: ({ w, store, body }) => {
      const check = new Check('GetProductAttributesV4Request');
      const limit = check.range('limit', num(body.limit) || 0, 1, 1000);
      const sortBy = str(body.sort_by) || 'id';
      const sortDir = (str(body.sort_dir) || 'asc').toLowerCase() === 'desc' ? -1 : 1;
      const cur = decodeCursor(str(body.last_id), 'last_id');
      const offset = cur ? Number(cur[0]) : 0;
      const { rows: all } = queryProducts(w.db, store.id, filterOf(msg(body.filter), true), 0, 0);
      const key = (p: ProductRow): string | number => (sortBy === 'sku' ? p.sku : sortBy === 'offer_id' ? p.offer_id : sortBy === 'title' ? p.name : p.product_id);
      all.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return (x < y ? -1 : x > y ? 1 : a.product_id - b.product_id) * sortDir;
      });
      const page = all.slice(offset, offset + limit);
      return {
        result: page.map((p) => {
          const images = JSON.parse(p.images) as string[];
          const barcodes = JSON.parse(p.barcodes) as string[];
          return {
            attributes: attributesOf(p),
            attributes_with_defaults: [],
            barcode: barcodes[0] ?? '',
            barcodes,
            description_category_id: p.description_category_id,
            color_image: p.color_image,
            complex_attributes: [],
            depth: p.depth,
            dimension_unit: p.dimension_unit,
            height: p.height,
            id: p.product_id,
            images,
            model_info: { model_id: p.product_id + 500_000_000, count: 1 },
            name: p.name,
            offer_id: p.offer_id,
            pdf_list: [],
            primary_image: p.primary_image,
            sku: String(p.sku),
            type_id: p.type_id,
            weight: p.weight,
            weight_unit: p.weight_unit,
            width: p.width,
          };
        }),
        last_id: offset + limit < all.length ? encodeCursor([offset + limit]) : '',
        total: String(all.length),
      };
    },
  },
  {
    path: '/v1/product/info/description',
    handler: ({ w, store, body }) => {
      const p = findProduct(w.db, store.id, { offerId: str(body.offer_id), productId: num(body.product_id) });
      if (!p) throw notFound('Product not found');
      return { result: { description: p.description, id: p.product_id, name: p.name, offer_id: p.offer_id } };
    },
  },
];
