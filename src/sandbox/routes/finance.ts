/**
 * /v3/finance/transaction/list: page/page_size pagination (page ≥ 1,
 * page_size ≤ 1000), period ≤ 1 month. Dates print as "YYYY-MM-DD HH:MM:SS"
 * like Ozon's finance methods. (Ozon announced switching this method off on
 * 6 July 2026 in favour of /v1/finance/accrual/*; the sandbox still serves it.)
 */
import { parseTs } from '../util/time';
import { Check, msg, num, str, strs } from '../protocol/validate';
import { invalidArgument } from '../protocol/errors';
import type { RouteDef } from './context';

const fmt = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export const financeRoutes: RouteDef[] = [
  {
    path: '/v3/finance/transaction/list',
    handler: ({ w, store, body }) => {
      const check = new Check('FinanceTransactionListV3Request');
      const page = check.gte('page', num(body.page), 1);
      const size = check.range('page_size', num(body.page_size), 1, 1000);
      const f = msg(body.filter);
      const d = msg(f?.date);
      const where = ['store_id = ?'];
      const args: (string | number)[] = [store.id];
      const pn = str(f?.posting_number);
      if (pn) {
        where.push('posting_number = ?');
        args.push(pn);
      } else {
        const from = parseTs(str(d?.from));
        const to = parseTs(str(d?.to));
        if (from === null || to === null) throw invalidArgument('invalid FinanceTransactionListV3Request.Filter: date period or posting_number is required');
        if (to - from > 32 * 86_400_000) throw invalidArgument('period is too long: at most one month');
        where.push('operation_date >= ? AND operation_date <= ?');
        args.push(from, to);
      }
      const types = strs(f?.operation_type);
      if (types.length) {
        where.push(`operation_type IN (${types.map(() => '?').join(',')})`);
        args.push(...types);
      }
      const tt = str(f?.transaction_type);
      if (tt && tt !== 'all') {
        where.push('type = ?');
        args.push(tt);
      }
      const rowCount = (w.db.prepare(`SELECT COUNT(*) AS n FROM transactions WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
      const rows = w.db.prepare(`SELECT * FROM transactions WHERE ${where.join(' AND ')} ORDER BY operation_date, operation_id LIMIT ? OFFSET ?`).all(...args, size, (page - 1) * size) as Record<string, number | string>[];
      return {
        result: {
          operations: rows.map((r) => ({
            accruals_for_sale: r.accruals_for_sale,
            amount: r.amount,
            delivery_charge: 0,
            items: JSON.parse(String(r.items)) as unknown[],
            operation_date: fmt(Number(r.operation_date)),
            operation_id: r.operation_id,
            operation_type: r.operation_type,
            operation_type_name: r.operation_type_name,
            posting: { delivery_schema: r.delivery_schema, order_date: fmt(Number(r.order_date)), posting_number: r.posting_number, warehouse_id: r.warehouse_id },
            return_delivery_charge: 0,
            sale_commission: r.sale_commission,
            services: JSON.parse(String(r.services)) as unknown[],
            type: r.type,
          })),
          page_count: Math.ceil(rowCount / size),
          row_count: rowCount,
        },
      };
    },
  },
];
