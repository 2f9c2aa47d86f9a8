import type { z } from 'zod';
import type { ReturnDetail, ReturnQuery, ReturnRow } from '../../shared/ipc/returns';
import { AppError } from '../core/errors';
import type { Cache } from './cache';
import { intOr0, likeEscape, moneyOrNull, parseJson, perCache, productNameBySku, Stmts, strOr, strOrNull, type Row, type SqlArg } from './queries-shared';

/** sort field (zod enum) → fixed column; ties broken by key so windows never overlap */
const SORT: Record<NonNullable<z.output<typeof ReturnQuery>['sort']>['field'], string> = {
  returnedAt: 'x.returned_at',
  status: 'x.status',
  postingNumber: 'x.posting_number',
};

/** Returns from the cache (table `returns`, migration 0001): list, facets, detail. */
export class ReturnQueries {
  private readonly st: Stmts;
  constructor(cache: Cache) {
    this.st = new Stmts(cache);
  }

  query(q: z.output<typeof ReturnQuery>): { rows: ReturnRow[]; total: number } {
    const where = ['x.store_id = ?'];
    const args: SqlArg[] = [q.storeId];
    const search = q.search?.trim();
    if (search) {
      const like = `${likeEscape(search)}%`;
      where.push(`(x.posting_number LIKE ? ESCAPE '\\' OR x.sku = ? OR json_extract(x.server_json, '$.offerId') LIKE ? ESCAPE '\\')`);
      args.push(like, search, like);
    }
    if (q.status) {
      where.push('x.status = ?');
      args.push(q.status);
    }
    if (q.scheme) {
      where.push("lower(json_extract(x.server_json, '$.scheme')) = lower(?)");
      args.push(q.scheme);
    }
    if (q.dateFrom) {
      where.push('x.returned_at >= ?');
      args.push(q.dateFrom);
    }
    if (q.dateTo) {
      where.push('x.returned_at < ?');
      args.push(q.dateTo);
    }
    const w = where.join(' AND ');
    const dir = (q.sort?.dir ?? 'desc') === 'desc' ? 'DESC' : 'ASC';
    const col = SORT[q.sort?.field ?? 'returnedAt'];
    const total = this.st.get(`SELECT COUNT(*) FROM returns x WHERE ${w}`).pluck().get(...args) as number;
    const rows = this.st
      .get(`SELECT x.key, x.server_json FROM returns x WHERE ${w} ORDER BY ${col} ${dir}, x.key ${dir} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as { key: string; server_json: string }[];
    return { total, rows: rows.map((r) => this.toRow(q.storeId, r.key, parseJson(r.server_json))) };
  }

  facets(storeId: string): { statuses: string[]; schemes: string[] } {
    const statuses = this.st.get('SELECT DISTINCT status FROM returns WHERE store_id = ? ORDER BY status').pluck().all(storeId) as string[];
    const schemes = this.st
      .get("SELECT DISTINCT json_extract(server_json, '$.scheme') AS s FROM returns WHERE store_id = ? ORDER BY s")
      .pluck()
      .all(storeId) as (string | null)[];
    return { statuses: statuses.filter(Boolean), schemes: schemes.filter((s): s is string => !!s) };
  }

  get(storeId: string, returnId: string): z.output<typeof ReturnDetail> {
    const json = this.st.get('SELECT server_json FROM returns WHERE store_id = ? AND key = ?').pluck().get(storeId, returnId) as string | undefined;
    if (json === undefined) throw new AppError('NOT_FOUND');
    const ret = this.toRow(storeId, returnId, parseJson(json));
    const p = this.st
      .get('SELECT status, in_process_at, total_text, currency, items_count FROM postings WHERE store_id = ? AND key = ?')
      .get(storeId, ret.postingNumber) as { status: string; in_process_at: string | null; total_text: string; currency: string; items_count: number } | undefined;
    return {
      ret,
      posting: p ? { status: p.status, inProcessAt: p.in_process_at, total: p.total_text, currency: p.currency, itemsCount: p.items_count } : null,
    };
  }

  private toRow(storeId: string, key: string, r: Row): ReturnRow {
    const sku = strOrNull(r.sku);
    return {
      returnId: strOr(r.returnId, key),
      postingNumber: strOr(r.postingNumber, ''),
      scheme: strOr(r.scheme, ''),
      type: strOr(r.type, ''),
      status: strOr(r.status, ''),
      reason: strOr(r.reason, ''),
      sku,
      offerId: strOrNull(r.offerId),
      productName: productNameBySku(this.st, storeId, sku),
      quantity: intOr0(r.quantity),
      price: moneyOrNull(r.price),
      currency: strOrNull(r.currency),
      returnedAt: strOrNull(r.returnedAt),
    };
  }
}

export const returnQueries = perCache((cache) => new ReturnQueries(cache));
