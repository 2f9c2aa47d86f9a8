/**
 * Finance on Ozon's accrual methods (market/finance.ts keeps the ledger):
 * - /v1/finance/accrual/types: the accrual type dictionary;
 * - /v1/finance/accrual/by-day: the accruals booked on one Moscow date
 *   (earliest 2022-01-01), last_id keyset on accrual_id. Ozon documents no
 *   page size and no has_next: the sandbox answers 100 a page, `last_id` is
 *   the last accrual of the page, and a client reads until a page is empty;
 * - /v1/finance/accrual/postings: every accrual line of up to 200 postings
 *   (each number listed once, in request order; unknown numbers get no lines).
 * /v3/finance/transaction/list and /totals were switched off on 6 July 2026
 * and answer like the other switched-off methods.
 */
import { DAY, money, mskDate, mskDayStart, round2 } from '../util/time';
import { Check, str, strs } from '../protocol/validate';
import { invalidArgument } from '../protocol/errors';
import { ACCRUAL_TYPE, ACCRUAL_TYPES } from '../market/accrual-types';
import { breakdownOf, contractNumber, type AccrualRow, type Fee } from '../market/finance';
import type { RouteDef } from './context';

const BY_DAY_PAGE = 100;
const EARLIEST = '2022-01-01';
const m = (n: number) => ({ amount: money(n), currency: 'RUB' });
const fees = (list: Fee[]) => list.map((f) => ({ accrued: m(f.amount), type_id: f.type_id }));

function accrualJson(r: AccrualRow): Record<string, unknown> {
  const b = breakdownOf(r);
  const out: Record<string, unknown> = {
    accrual_id: r.operation_id,
    accrued_category: b.category,
    date: mskDate(r.operation_date),
    item_fees: null,
    non_item_fee: null,
    posting: null,
    total_amount: m(r.amount),
    unit_number: '',
  };
  if (b.category === 'POSTING') {
    out.unit_number = r.posting_number;
    out.posting = {
      delivery_schema: r.delivery_schema,
      delivery_speed: 0,
      products: b.products.map((p) => ({
        commission: {
          bonus: m(0),
          coinvestment: m(0),
          commission: m(p.commission),
          commission_ratio: String(round2(p.ratio * 100) / 100),
          sale_amount: m(p.sale),
          sale_commission: m(p.commission),
          sale_price: m(p.price),
          seller_price: m(p.price),
        },
        delivery: { services: fees(p.services), total_accrued: m(round2(p.services.reduce((s, f) => s + f.amount, 0))) },
        sku: p.sku,
      })),
    };
  } else if (b.category === 'ITEM') {
    out.item_fees = { fees: b.items.map((i) => ({ fees: fees(i.fees), sku: i.sku })) };
  } else {
    out.unit_number = contractNumber(r.store_id, r.operation_date);
    out.non_item_fee = { accrued: m(b.fee.amount), type_id: b.fee.type_id };
  }
  return out;
}

/** The flat lines of one POSTING accrual, as /v1/finance/accrual/postings lists them. */
function postingLines(r: AccrualRow): Record<string, unknown>[] {
  const b = breakdownOf(r);
  if (b.category !== 'POSTING') return [];
  const date = mskDate(r.operation_date);
  return b.products.flatMap((p) => {
    const sale = p.sale >= 0;
    return [
      { accrual_date: date, accrued: m(p.sale), quantity: p.quantity, seller_price: m(p.price), sku: p.sku, type_id: sale ? ACCRUAL_TYPE.SALE : ACCRUAL_TYPE.RETURN },
      // the spec: seller_price "may be negative when a sales commission is accrued" — the commission a unit
      { accrual_date: date, accrued: m(p.commission), quantity: p.quantity, seller_price: m(p.commission / p.quantity), sku: p.sku, type_id: sale ? ACCRUAL_TYPE.SALE_COMMISSION : ACCRUAL_TYPE.RETURN_COMMISSION },
      ...p.services.map((f) => ({ accrual_date: date, accrued: m(f.amount), quantity: null, seller_price: null, sku: p.sku, type_id: f.type_id })),
    ];
  });
}

export const financeRoutes: RouteDef[] = [
  {
    path: '/v1/finance/accrual/types',
    handler: () => ({ accrual_types: ACCRUAL_TYPES.map((t) => ({ description: t.description, id: t.id, name: t.name })) }),
  },
  {
    path: '/v1/finance/accrual/by-day',
    handler: ({ w, store, body }) => {
      const check = new Check('GetFinanceAccrualByDayRequest');
      const date = check.required('date', str(body.date));
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw invalidArgument(`invalid GetFinanceAccrualByDayRequest.Date: value must be a date in the format YYYY-MM-DD`);
      if (date < EARLIEST) throw invalidArgument(`invalid GetFinanceAccrualByDayRequest.Date: value must be greater than or equal to ${EARLIEST}`);
      const lastId = str(body.last_id);
      if (lastId && !/^\d{1,19}$/.test(lastId)) throw invalidArgument('invalid GetFinanceAccrualByDayRequest.LastId: value must be an accrual id');
      const from = mskDayStart(date);
      const rows = w.db
        .prepare('SELECT * FROM transactions WHERE store_id = ? AND operation_date >= ? AND operation_date < ? AND operation_id > ? ORDER BY operation_id LIMIT ?')
        .all(store.id, from, from + DAY, lastId ? Number(lastId) : 0, BY_DAY_PAGE) as AccrualRow[];
      return { accruals: rows.map(accrualJson), last_id: rows.length ? String(rows[rows.length - 1]!.operation_id) : '' };
    },
  },
  {
    path: '/v1/finance/accrual/postings',
    handler: ({ w, store, body }) => {
      const check = new Check('GetFinanceAccrualPostingsRequest');
      const numbers = check.maxItems('posting_numbers', check.minItems('posting_numbers', strs(body.posting_numbers), 1), 200);
      const q = w.db.prepare("SELECT * FROM transactions WHERE store_id = ? AND posting_number = ? AND posting_number <> '' ORDER BY operation_id");
      return {
        posting_accruals: [...new Set(numbers)].map((pn) => ({ accruals: (q.all(store.id, pn) as AccrualRow[]).flatMap(postingLines), posting_number: pn })),
      };
    },
  },
  {
    path: '/v3/finance/transaction/list',
    handler: () => null,
    disabled: 'method /v3/finance/transaction/list was switched off on 6 July 2026, use /v1/finance/accrual/by-day, /v1/finance/accrual/postings and /v1/finance/accrual/types',
  },
  {
    path: '/v3/finance/transaction/totals',
    handler: () => null,
    disabled: 'method /v3/finance/transaction/totals was switched off on 6 July 2026, use /v1/finance/accrual/by-day, /v1/finance/accrual/postings and /v1/finance/accrual/types',
  },
];
