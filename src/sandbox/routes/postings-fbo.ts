/**
 * /v3/posting/fbo/list: cursor pagination (≤100 a page) over
 * (in_process_at, posting_number); period longer than a year → PERIOD_IS_TOO_LONG.
 */
import { parseTs } from '../util/time';
import { Check, msg, num, str, strs } from '../protocol/validate';
import { invalidArgument } from '../protocol/errors';
import type { RouteDef } from './context';
import { itemsByPosting, v3FboPosting } from './posting-view';
import { pagePostings, withOf } from './postings-fbs';

export const fboRoutes: RouteDef[] = [
  {
    path: '/v3/posting/fbo/list',
    handler: ({ w, store, body }) => {
      const check = new Check('PostingFboListRequest');
      const limit = check.range('limit', num(body.limit), 1, 100);
      const f = msg(body.filter);
      const where: string[] = [];
      const args: (string | number)[] = [];
      const since = parseTs(str(f?.since));
      const to = parseTs(str(f?.to));
      if (since !== null && to !== null && to - since > 366 * 86_400_000) throw invalidArgument('PERIOD_IS_TOO_LONG');
      if (since !== null) {
        where.push('in_process_at >= ?');
        args.push(since);
      }
      if (to !== null) {
        where.push('in_process_at <= ?');
        args.push(to);
      }
      for (const [field, col] of [
        ['statuses', 'status'],
        ['posting_numbers', 'posting_number'],
        ['order_numbers', 'order_number'],
      ] as const) {
        const vals = check.maxItems(field, strs(f?.[field]), 1000);
        if (vals.length) {
          where.push(`${col} IN (${vals.map(() => '?').join(',')})`);
          args.push(...vals);
        }
      }
      const page = pagePostings(w.db, store.id, { scheme: 'fbo', where, args, desc: str(body.sort_dir) === 'DESC', limit, cursor: str(body.cursor) });
      const items = itemsByPosting(w.db, page.rows.map((p) => p.posting_number));
      const wth = withOf(msg(body.with));
      return { cursor: page.cursor, has_next: page.hasNext, postings: page.rows.map((p) => v3FboPosting(p, items.get(p.posting_number) ?? [], wth)) };
    },
  },
];
