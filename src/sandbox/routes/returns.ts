/**
 * /v1/returns/list: FBO and FBS returns, last_id keyset (id ascending),
 * limit 1..500, at most one date filter, ≤50 posting_numbers.
 */
import { parseTs, ts } from '../util/time';
import { Check, msg, num, str, strs } from '../protocol/validate';
import { invalidArgument } from '../protocol/errors';
import type { RouteDef } from './context';

interface ReturnRow {
  id: number;
  store_id: number;
  schema: string;
  type: string;
  posting_number: string;
  order_id: number;
  order_number: string;
  product_id: number;
  sku: number;
  offer_id: string;
  name: string;
  quantity: number;
  price: number;
  commission_percent: number;
  reason: string;
  warehouse_id: number;
  status_id: number;
  status_sys: string;
  status_name: string;
  created_at: number;
  changed_at: number;
  final_at: number | null;
  barcode: string;
}

export const returnRoutes: RouteDef[] = [
  {
    path: '/v1/returns/list',
    handler: ({ w, store, body }) => {
      const check = new Check('GetReturnsListRequest');
      const limit = check.range('limit', num(body.limit), 1, 500);
      const f = msg(body.filter);
      const where = ['r.store_id = ?', 'r.id > ?'];
      const args: (string | number)[] = [store.id, num(body.last_id)];
      const dates = (['logistic_return_date', 'storage_tariffication_start_date', 'visual_status_change_moment'] as const).filter((k) => msg(f?.[k]));
      if (dates.length > 1) throw invalidArgument('only one of logistic_return_date, storage_tariffication_start_date, visual_status_change_moment may be used');
      for (const k of dates) {
        const d = msg(f?.[k])!;
        const col = k === 'visual_status_change_moment' ? 'r.changed_at' : 'r.created_at';
        const from = parseTs(str(d.time_from));
        const to = parseTs(str(d.time_to));
        if (from !== null) {
          where.push(`${col} >= ?`);
          args.push(from);
        }
        if (to !== null) {
          where.push(`${col} <= ?`);
          args.push(to);
        }
      }
      const pns = check.maxItems('posting_numbers', strs(f?.posting_numbers), 50);
      if (pns.length) {
        where.push(`r.posting_number IN (${pns.map(() => '?').join(',')})`);
        args.push(...pns);
      }
      const eq: [string, string | number][] = [
        ['r.order_id', num(f?.order_id)],
        ['r.offer_id', str(f?.offer_id)],
        ['r.status_sys', str(f?.visual_status_name)],
        ['r.warehouse_id', num(f?.warehouse_id)],
        ['r.barcode', str(f?.barcode)],
      ];
      for (const [col, v] of eq) {
        if (v) {
          where.push(`${col} = ?`);
          args.push(v);
        }
      }
      if (str(f?.return_schema)) {
        where.push('LOWER(r.schema) = LOWER(?)');
        args.push(str(f?.return_schema));
      }
      if (str(f?.product_name)) {
        where.push('r.name LIKE ?');
        args.push(`%${str(f?.product_name)}%`);
      }
      const rows = w.db.prepare(`SELECT r.*, wh.name AS wh_name, wh.address AS wh_address FROM returns r LEFT JOIN warehouses wh ON wh.warehouse_id = r.warehouse_id WHERE ${where.join(' AND ')} ORDER BY r.id LIMIT ?`).all(...args, limit + 1) as (ReturnRow & { wh_name: string | null; wh_address: string | null })[];
      const page = rows.slice(0, limit);
      const fbsPlace = (r: (typeof page)[number]) => ({ id: r.warehouse_id, name: r.wh_name ?? 'СЦ_Львовский_Возвраты', address: r.wh_address ?? 'Московская обл., г. Подольск, промзона Львовский, ул. Московская, д. 69' });
      const ozonPlace = { id: 23_869_688_194_000, name: 'СЦ_Львовский_Возвраты', address: 'Московская обл., г. Подольск, промзона Львовский, ул. Московская, д. 69' };
      return {
        returns: page.map((r) => {
          const commission = Math.round(r.price * r.quantity * r.commission_percent) / 100;
          return {
            exemplars: [{ id: r.id * 1000 + 1 }],
            id: r.id,
            company_id: store.id,
            return_reason_name: r.reason,
            type: r.type,
            schema: r.schema,
            order_id: r.order_id,
            order_number: r.order_number,
            place: ozonPlace,
            target_place: r.schema === 'Fbs' ? fbsPlace(r) : ozonPlace,
            storage: {
              sum: { currency_code: 'RUB', price: 0 },
              tariffication_first_date: null,
              tariffication_start_date: null,
              arrived_moment: r.final_at === null ? null : ts(r.final_at),
              days: 0,
              utilization_sum: { currency_code: 'RUB', price: 0 },
              utilization_forecast_date: '',
            },
            product: {
              sku: r.sku,
              offer_id: r.offer_id,
              name: r.name,
              price: { currency_code: 'RUB', price: r.price },
              price_without_commission: { currency_code: 'RUB', price: Math.round((r.price - commission / r.quantity) * 100) / 100 },
              commission_percent: r.commission_percent,
              commission: { currency_code: 'RUB', price: commission },
              quantity: r.quantity,
            },
            logistic: {
              technical_return_moment: null,
              final_moment: r.final_at === null ? null : ts(r.final_at),
              cancelled_with_compensation_moment: null,
              return_date: ts(r.created_at),
              barcode: r.barcode,
            },
            visual: { status: { id: r.status_id, display_name: r.status_name, sys_name: r.status_sys }, change_moment: ts(r.changed_at) },
            additional_info: { is_opened: false, is_super_econom: false },
            source_id: 0,
            posting_number: r.posting_number,
            clearing_id: 0,
            return_clearing_id: 0,
            compensation_status: null,
          };
        }),
        has_next: rows.length > limit,
      };
    },
  },
];
