/**
 * Posting → response shapes. Ozon prints prices differently per version:
 * v4 FBS lists and v3 FBO list use {amount: "1530.00", currency}; v3 FBS get
 * uses price strings "1530.0000" and numeric financial fields. Optional blocks
 * (analytics_data, financial_data, barcodes, legal_info) are null unless asked
 * for with `with.*`, like Ozon; unset timestamps are null.
 */
import type { Db } from '../db/open';
import { ts, tsOrNull, round2 } from '../util/time';
import { availableActions, itemCommission, type PostingItemRow, type PostingRow } from '../market/postings';

export interface With {
  analytics_data: boolean;
  barcodes: boolean;
  financial_data: boolean;
  legal_info: boolean;
}

interface Wh {
  name: string;
  is_rfbs: number;
  delivery_method_id: number;
  delivery_method_name: string;
}

export function warehouseOf(db: Db, id: number): Wh {
  return (db.prepare('SELECT name, is_rfbs, delivery_method_id, delivery_method_name FROM warehouses WHERE warehouse_id = ?').get(id) as Wh | undefined) ?? {
    name: 'Ozon FBO',
    is_rfbs: 0,
    delivery_method_id: 0,
    delivery_method_name: '',
  };
}

export function itemsByPosting(db: Db, numbers: string[]): Map<string, PostingItemRow[]> {
  const out = new Map<string, PostingItemRow[]>();
  if (!numbers.length) return out;
  const rows = db.prepare(`SELECT * FROM posting_items WHERE posting_number IN (${numbers.map(() => '?').join(',')}) ORDER BY posting_number, line`).all(...numbers) as PostingItemRow[];
  for (const r of rows) out.set(r.posting_number, [...(out.get(r.posting_number) ?? []), r]);
  return out;
}

const money = (n: number): { amount: string; currency: string } => ({ amount: n.toFixed(2), currency: 'RUB' });
const discount = (it: PostingItemRow): { value: number; percent: number } => {
  const v = it.old_price > it.price ? round2(it.old_price - it.price) : 0;
  return { value: v, percent: it.old_price > 0 ? round2((v / it.old_price) * 100) : 0 };
};

function cancellation(p: PostingRow): Record<string, unknown> {
  return {
    affect_cancellation_rating: p.cancellation_type === 'seller',
    cancel_reason: p.cancel_reason,
    cancel_reason_id: p.cancel_reason_id,
    cancellation_initiator: p.cancellation_initiator,
    cancellation_type: p.cancellation_type,
    cancelled_after_ship: p.cancelled_after_ship === 1,
  };
}

function customer(p: PostingRow, wh: Wh): Record<string, unknown> | null {
  // Ozon hides buyer details for FBS; rFBS sellers deliver themselves and get them.
  if (!wh.is_rfbs) return null;
  return {
    address: { address_tail: `г. ${p.city}, ул. Ленина, д. 1`, city: p.city, comment: '', country: 'Россия', district: '', latitude: 55.75, longitude: 37.61, provider_pvz_code: '', pvz_code: 0, region: p.region, zip_code: '101000' },
    customer_email: '',
    customer_id: p.order_id % 100_000_000,
    name: p.customer_name,
    phone: '+70000000000',
  };
}

export function v4FbsPosting(db: Db, p: PostingRow, items: PostingItemRow[], w: With): Record<string, unknown> {
  const wh = warehouseOf(db, p.warehouse_id);
  return {
    addressee: wh.is_rfbs ? { name: p.customer_name } : null,
    analytics_data: w.analytics_data
      ? {
          city: p.city,
          client_delivery_date_begin: null,
          client_delivery_date_end: null,
          delivery_date_begin: ts(p.shipment_date + 86_400_000),
          delivery_date_end: ts(p.shipment_date + 3 * 86_400_000),
          delivery_type: p.delivery_type,
          is_legal: false,
          is_premium: p.is_premium === 1,
          payment_type_group_name: p.payment_type,
          region: p.region,
          tpl_provider: 'Доставка Ozon',
          tpl_provider_id: 24,
          warehouse: wh.name,
          warehouse_id: p.warehouse_id,
        }
      : null,
    available_actions: availableActions(p),
    barcodes: w.barcodes ? { lower_barcode: p.barcode, upper_barcode: p.barcode } : null,
    cancellation: cancellation(p),
    container: null,
    container_sort_type: '',
    customer: customer(p, wh),
    delivering_date: tsOrNull(p.delivering_date),
    delivery_method: { id: wh.delivery_method_id, name: wh.delivery_method_name, tpl_provider: 'Доставка Ozon', tpl_provider_id: 24, warehouse: wh.name, warehouse_id: p.warehouse_id },
    delivery_schema: 'FBS',
    destination_place_id: 0,
    destination_place_name: '',
    external_order: { is_external: false, platform_name: '' },
    financial_data: w.financial_data
      ? {
          cluster_from: p.cluster_from,
          cluster_to: p.cluster_to,
          products: items.map((it) => ({
            actions: [],
            commission: { amount: itemCommission(it), currency: 'RUB', percent: Math.round(it.commission_percent) },
            customer_price: money(it.price * it.quantity),
            old_price: it.old_price,
            payout: round2(it.price * it.quantity - itemCommission(it)),
            price: it.price,
            product_id: it.sku,
            quantity: it.quantity,
            total_discount_percent: discount(it).percent,
            total_discount_value: discount(it).value,
          })),
        }
      : null,
    in_process_at: ts(p.in_process_at),
    is_click_and_collect: false,
    is_express: p.is_express === 1,
    is_multibox: false,
    is_presortable: false,
    legal_info: w.legal_info ? { company_name: '', inn: '', kpp: '' } : null,
    multi_box_qty: 0,
    optional: { products_with_possible_mandatory_mark: [] },
    order_id: p.order_id,
    order_number: p.order_number,
    parent_posting_number: p.parent_posting_number,
    pickup_code_verified_at: null,
    posting_number: p.posting_number,
    products: items.map((it) => ({
      imei: [],
      is_blr_traceable: false,
      is_marketplace_buyout: false,
      name: it.name,
      offer_id: it.offer_id,
      price: money(it.price),
      product_color: '',
      quantity: it.quantity,
      sku: it.sku,
      weight: 0,
    })),
    prr_option: '',
    quantum_id: 0,
    require_blr_traceable_attrs: false,
    requirements: emptyRequirements(),
    shipment_date: ts(p.shipment_date),
    shipment_date_without_delay: ts(p.shipment_date),
    status: p.status,
    substatus: p.substatus,
    tariffication: null,
    tariffication_steps: [],
    tpl_integration_type: 'ozon',
    tracking_number: p.tracking_number,
    volume_weight: 0,
  };
}

function emptyRequirements(): Record<string, string[]> {
  return {
    products_requiring_change_country: [],
    products_requiring_country: [],
    products_requiring_gtd: [],
    products_requiring_imei: [],
    products_requiring_jw_uin: [],
    products_requiring_mandatory_mark: [],
    products_requiring_rnpt: [],
    products_requiring_weight: [],
  };
}

export function v3FbsGet(db: Db, p: PostingRow, items: PostingItemRow[], w: With & { related_postings: boolean }): Record<string, unknown> {
  const base = v4FbsPosting(db, p, items, w);
  const wh = warehouseOf(db, p.warehouse_id);
  const related = w.related_postings
    ? (db.prepare('SELECT posting_number FROM postings WHERE order_id = ? AND posting_number <> ? ORDER BY posting_number').all(p.order_id, p.posting_number) as { posting_number: string }[]).map((r) => r.posting_number)
    : [];
  return {
    additional_data: [],
    addressee: wh.is_rfbs ? { name: p.customer_name, phone: '+70000000000', pin: '' } : null,
    analytics_data: base.analytics_data,
    available_actions: base.available_actions,
    barcodes: base.barcodes,
    cancellation: base.cancellation,
    courier: null,
    customer: base.customer === null ? null : { ...(base.customer as Record<string, unknown>), customer_email: undefined },
    container: null,
    container_sort_type: '',
    delivering_date: base.delivering_date,
    delivery_method: base.delivery_method,
    delivery_price: '',
    fact_delivery_date: tsOrNull(p.delivered_at),
    financial_data: w.financial_data
      ? {
          cluster_from: p.cluster_from,
          cluster_to: p.cluster_to,
          products: items.map((it) => ({
            actions: [],
            currency_code: 'RUB',
            customer_currency_code: 'RUB',
            commission_amount: itemCommission(it),
            commission_percent: Math.round(it.commission_percent),
            commissions_currency_code: 'RUB',
            old_price: it.old_price,
            payout: round2(it.price * it.quantity - itemCommission(it)),
            price: it.price,
            customer_price: it.price,
            product_id: it.sku,
            quantity: it.quantity,
            total_discount_percent: discount(it).percent,
            total_discount_value: discount(it).value,
          })),
        }
      : null,
    in_process_at: base.in_process_at,
    is_express: base.is_express,
    is_multibox: false,
    legal_info: base.legal_info,
    multi_box_qty: 0,
    optional: { products_with_possible_mandatory_mark: [] },
    order_id: p.order_id,
    order_number: p.order_number,
    parent_posting_number: p.parent_posting_number,
    pickup_code_verified_at: null,
    posting_number: p.posting_number,
    product_exemplars: null,
    products: items.map((it) => ({
      dimensions: { height: '100', length: '200', weight: '300', width: '150' },
      mandatory_mark: [],
      name: it.name,
      offer_id: it.offer_id,
      price: it.price.toFixed(4),
      jw_uin: [],
      currency_code: 'RUB',
      is_blr_traceable: false,
      is_marketplace_buyout: false,
      quantity: it.quantity,
      sku: it.sku,
      is_weight_needed: false,
      weight_max: 0,
      weight_min: 0,
      has_imei: false,
    })),
    provider_status: '',
    prr_option: null,
    related_postings: { related_posting_numbers: related },
    related_weight_postings: [],
    require_blr_traceable_attrs: false,
    requirements: emptyRequirements(),
    shipment_date: base.shipment_date,
    shipment_date_without_delay: base.shipment_date_without_delay,
    status: p.status,
    substatus: p.substatus,
    previous_substatus: p.previous_substatus,
    tpl_integration_type: 'ozon',
    tracking_number: p.tracking_number,
    tariffication: null,
    tariffication_steps: [],
  };
}

export function v3FboPosting(p: PostingRow, items: PostingItemRow[], w: With): Record<string, unknown> {
  return {
    additional_data: [],
    analytics_data: w.analytics_data
      ? {
          city: p.city,
          client_delivery_date_begin: null,
          client_delivery_date_end: null,
          delivery_type: p.delivery_type,
          is_legal: false,
          is_premium: p.is_premium === 1,
          payment_type_group_name: p.payment_type,
          warehouse_id: p.warehouse_id,
          warehouse_name: p.cluster_from.toUpperCase().replace(/[ ,]+/g, '_') + '_РФЦ',
        }
      : null,
    cancel_reason_id: p.cancel_reason_id,
    cancellation: p.status === 'cancelled' ? { cancel_reason: p.cancel_reason, cancellation_initiator: p.cancellation_initiator, cancellation_type: p.cancellation_type } : null,
    created_at: ts(p.created_at),
    external_order: { is_external: false, platform_name: '' },
    financial_data: w.financial_data
      ? {
          cluster_from: p.cluster_from,
          cluster_to: p.cluster_to,
          products: items.map((it) => ({
            actions: [],
            commission: { amount: itemCommission(it), currency: 'RUB', percent: Math.round(it.commission_percent) },
            old_price: it.old_price,
            payout: round2(it.price * it.quantity - itemCommission(it)),
            price: it.price,
            product_id: it.sku,
            total_discount_percent: discount(it).percent,
            total_discount_value: discount(it).value,
          })),
        }
      : null,
    in_process_at: ts(p.in_process_at),
    legal_info: w.legal_info ? { company_name: '', inn: '', kpp: '' } : null,
    order_id: p.order_id,
    order_number: p.order_number,
    posting_number: p.posting_number,
    products: items.map((it) => ({ digital_codes: [], is_marketplace_buyout: false, name: it.name, offer_id: it.offer_id, price: money(it.price), quantity: it.quantity, sku: it.sku })),
    status: p.status,
    substatus: p.substatus,
  };
}
