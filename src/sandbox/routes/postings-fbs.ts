/**
 * FBS posting reads. /v4/posting/fbs/list and /v4/posting/fbs/unfulfilled/list
 * page with an opaque cursor over (in_process_at, posting_number), ≤100 a page;
 * /v3/posting/fbs/get returns one posting. The v3 lists were switched off by
 * Ozon on 1 June 2026: they answer 501 UNIMPLEMENTED pointing to /v4.
 */
import { parseTs } from '../util/time';
import { Check, bool, msg, num, nums, str, strs } from '../protocol/validate';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import { invalidArgument, notFound } from '../protocol/errors';
import type { Decoded } from '../protocol/decode';
import { getPosting, postingItems, type PostingRow } from '../market/postings';
import type { RouteDef } from './context';
import { itemsByPosting, v3FbsGet, v4FbsPosting, type With } from './posting-view';

const YEAR = 366 * 86_400_000;
export const UNFULFILLED = ['awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_packaging', 'awaiting_deliver', 'arbitration', 'client_arbitration', 'driver_pickup', 'not_accepted'];

export function withOf(d: Decoded | undefined): With {
  return { analytics_data: bool(d?.analytics_data), barcodes: bool(d?.barcodes), financial_data: bool(d?.financial_data), legal_info: bool(d?.legal_info) };
}

export interface PostingQuery {
  scheme: 'fbs' | 'fbo';
  where: string[];
  args: (string | number)[];
  desc: boolean;
  limit: number;
  cursor: string;
}

/** Keyset page over (in_process_at, posting_number) in the requested direction. */
export function pagePostings(db: import('../db/open').Db, storeId: number, q: PostingQuery): { rows: PostingRow[]; cursor: string; hasNext: boolean; total: number } {
  const where = ['store_id = ?', 'scheme = ?', ...q.where];
  const args: (string | number)[] = [storeId, q.scheme, ...q.args];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM postings WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
  const cur = decodeCursor(q.cursor, 'cursor');
  if (cur) {
    const op = q.desc ? '<' : '>';
    where.push(`(in_process_at ${op} ? OR (in_process_at = ? AND posting_number ${op} ?))`);
    args.push(Number(cur[0]), Number(cur[0]), String(cur[1]));
  }
  const dir = q.desc ? 'DESC' : 'ASC';
  const rows = db.prepare(`SELECT * FROM postings WHERE ${where.join(' AND ')} ORDER BY in_process_at ${dir}, posting_number ${dir} LIMIT ?`).all(...args, q.limit + 1) as PostingRow[];
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const hasNext = rows.length > q.limit;
  return { rows: page, cursor: hasNext && last ? encodeCursor([last.in_process_at, last.posting_number]) : '', hasNext, total };
}

function period(from: string, to: string, what: string): [number, number] {
  const a = parseTs(from);
  const b = parseTs(to);
  if (a === null || b === null) throw invalidArgument(`${what}: period is required`);
  if (b < a) throw invalidArgument('PERIOD_IS_INVALID');
  if (b - a > YEAR) throw invalidArgument('PERIOD_IS_TOO_LONG');
  return [a, b];
}

function commonFilters(f: Decoded | undefined, where: string[], args: (string | number)[]): void {
  const wh = nums(f?.warehouse_ids);
  if (wh.length) {
    where.push(`warehouse_id IN (${wh.map(() => '?').join(',')})`);
    args.push(...wh);
  }
  const dm = nums(f?.delivery_method_ids);
  if (dm.length) {
    where.push(`warehouse_id IN (SELECT warehouse_id FROM warehouses WHERE delivery_method_id IN (${dm.map(() => '?').join(',')}))`);
    args.push(...dm);
  }
  const lc = msg(f?.last_changed_status_date);
  if (lc && (str(lc.from) || str(lc.to))) {
    where.push('status_changed_at >= ? AND status_changed_at <= ?');
    args.push(parseTs(str(lc.from)) ?? 0, parseTs(str(lc.to)) ?? Number.MAX_SAFE_INTEGER);
  }
}

export const fbsReadRoutes: RouteDef[] = [
  {
    path: '/v4/posting/fbs/list',
    handler: ({ w, store, body }) => {
      const check = new Check('PostingFbsListRequest');
      const limit = check.range('limit', num(body.limit), 1, 100);
      const f = msg(body.filter);
      check.embedded('filter', () => {
        const c = new Check('PostingFbsListRequest_Filter');
        c.required('since', f && str(f.since));
        c.required('to', f && str(f.to));
      });
      const [since, to] = period(str(f!.since), str(f!.to), 'filter');
      const where = ['in_process_at >= ?', 'in_process_at <= ?'];
      const args: (string | number)[] = [since, to];
      const statuses = strs(f!.statuses);
      if (statuses.length) {
        where.push(`status IN (${statuses.map(() => '?').join(',')})`);
        args.push(...statuses);
      }
      if (num(f!.order_id)) {
        where.push('order_id = ?');
        args.push(num(f!.order_id));
      }
      const orderNumbers = check.maxItems('order_numbers', strs(f!.order_numbers), 100);
      if (orderNumbers.length) {
        where.push(`order_number IN (${orderNumbers.map(() => '?').join(',')})`);
        args.push(...orderNumbers);
      }
      commonFilters(f, where, args);
      const page = pagePostings(w.db, store.id, { scheme: 'fbs', where, args, desc: str(body.sort_dir) === 'DESC', limit, cursor: str(body.cursor) });
      const items = itemsByPosting(w.db, page.rows.map((p) => p.posting_number));
      const wth = withOf(msg(body.with));
      return { cursor: page.cursor, has_next: page.hasNext, postings: page.rows.map((p) => v4FbsPosting(w.db, p, items.get(p.posting_number) ?? [], wth)) };
    },
  },
  {
    path: '/v4/posting/fbs/unfulfilled/list',
    handler: ({ w, store, body }) => {
      const check = new Check('PostingFbsUnfulfilledListRequest');
      const limit = check.range('limit', num(body.limit), 1, 100);
      const f = msg(body.filter);
      const cutoff = !!(f && (str(f.cutoff_from) || str(f.cutoff_to)));
      const delivering = !!(f && (str(f.delivering_date_from) || str(f.delivering_date_to)));
      if (cutoff && delivering) throw invalidArgument('only one of cutoff and delivering_date periods may be set');
      if (!cutoff && !delivering) throw invalidArgument('cutoff or delivering_date period must be set');
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (cutoff) {
        const [a, b] = period(str(f!.cutoff_from), str(f!.cutoff_to), 'cutoff');
        where.push('shipment_date >= ? AND shipment_date <= ?');
        args.push(a, b);
      } else {
        const [a, b] = period(str(f!.delivering_date_from), str(f!.delivering_date_to), 'delivering_date');
        where.push('delivering_date >= ? AND delivering_date <= ?');
        args.push(a, b);
      }
      const statuses = strs(f!.statuses).length ? strs(f!.statuses) : UNFULFILLED;
      where.push(`status IN (${statuses.map(() => '?').join(',')})`);
      args.push(...statuses);
      commonFilters(f, where, args);
      const page = pagePostings(w.db, store.id, { scheme: 'fbs', where, args, desc: str(body.sort_dir) === 'DESC', limit, cursor: str(body.cursor) });
      const items = itemsByPosting(w.db, page.rows.map((p) => p.posting_number));
      const wth = withOf(msg(body.with));
      return { count: page.rows.length, cursor: page.cursor, has_next: page.hasNext, postings: page.rows.map((p) => v4FbsPosting(w.db, p, items.get(p.posting_number) ?? [], wth)) };
    },
  },
  {
    path: '/v3/posting/fbs/get',
    handler: ({ w, store, body }) => {
      const pn = new Check('GetFbsPostingV3Request').required('posting_number', str(body.posting_number));
      const p = getPosting(w, store.id, pn);
      if (!p || p.scheme !== 'fbs') throw notFound('POSTING_NOT_FOUND');
      const wd = msg(body.with);
      return { result: v3FbsGet(w.db, p, postingItems(w, pn), { ...withOf(wd), related_postings: bool(wd?.related_postings) }) };
    },
  },
  { path: '/v3/posting/fbs/list', handler: () => null, disabled: 'method /v3/posting/fbs/list was switched off on 1 June 2026, use /v4/posting/fbs/list' },
  { path: '/v3/posting/fbs/unfulfilled/list', handler: () => null, disabled: 'method /v3/posting/fbs/unfulfilled/list was switched off on 1 June 2026, use /v4/posting/fbs/unfulfilled/list' },
];
