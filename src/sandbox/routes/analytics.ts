/**
 * /v1/analytics/data (1 request/min, see rate-limit.ts). Aggregates the
 * simulated orders by the requested dimensions (sku, day, week, month, year,
 * category1/2 via the product's category) for up to 14 metrics; traffic
 * metrics (hits_*, session_*) are deterministic pseudo-values derived from orders.
 */
import { Rng } from '../util/rng';
import { Check, msgs, num, str, strs } from '../protocol/validate';
import { invalidArgument } from '../protocol/errors';
import type { RouteDef } from './context';

const DIMENSIONS = ['sku', 'spu', 'day', 'week', 'month', 'year', 'category1', 'category2', 'brand', 'modelID', 'descriptionType'];

interface Line {
  sku: number;
  name: string;
  product_id: number;
  quantity: number;
  price: number;
  status: string;
  day: string;
  category: number;
  type_id: number;
  returned: number;
}

function dimKey(l: Line, d: string): { id: string; name: string } {
  switch (d) {
    case 'sku':
    case 'spu':
    case 'modelID':
      return { id: String(l.sku), name: l.name };
    case 'day':
      return { id: l.day, name: '' };
    case 'week': {
      const t = Date.parse(`${l.day}T00:00:00Z`);
      const monday = new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      return { id: monday, name: '' };
    }
    case 'month':
      return { id: l.day.slice(0, 7), name: '' };
    case 'year':
      return { id: l.day.slice(0, 4), name: '' };
    case 'category1':
    case 'category2':
    case 'descriptionType':
      return { id: String(d === 'descriptionType' ? l.type_id : l.category), name: '' };
    default:
      return { id: '', name: '' };
  }
}

export const analyticsRoutes: RouteDef[] = [
  {
    path: '/v1/analytics/data',
    handler: ({ w, store, body }) => {
      const check = new Check('AnalyticsGetDataRequest');
      const limit = check.range('limit', num(body.limit), 1, 1000);
      const dims = check.minItems('dimension', strs(body.dimension), 1);
      const metrics = check.maxItems('metrics', check.minItems('metrics', strs(body.metrics), 1), 14);
      for (const d of dims) if (!DIMENSIONS.includes(d)) throw invalidArgument(`invalid dimension ${d}`);
      const from = str(body.date_from).slice(0, 10);
      const to = str(body.date_to).slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) throw invalidArgument('invalid AnalyticsGetDataRequest: date_from and date_to must be dates (YYYY-MM-DD)');
      const lines = w.db
        .prepare(
          `SELECT i.sku, i.name, i.product_id, i.quantity, i.price, p.status, date(p.created_at / 1000, 'unixepoch') AS day, pr.description_category_id AS category, pr.type_id,
                  EXISTS (SELECT 1 FROM returns r WHERE r.posting_number = i.posting_number AND r.product_id = i.product_id) AS returned
           FROM posting_items i JOIN postings p ON p.posting_number = i.posting_number JOIN products pr ON pr.product_id = i.product_id
           WHERE p.store_id = ? AND date(p.created_at / 1000, 'unixepoch') BETWEEN ? AND ? ORDER BY p.created_at, i.posting_number`,
        )
        .all(store.id, from, to) as Line[];
      const groups = new Map<string, { dims: { id: string; name: string }[]; lines: Line[] }>();
      for (const l of lines) {
        const ds = dims.map((d) => dimKey(l, d));
        const key = ds.map((x) => x.id).join('|');
        const g = groups.get(key) ?? { dims: ds, lines: [] };
        g.lines.push(l);
        groups.set(key, g);
      }
      const value = (m: string, ls: Line[], key: string): number => {
        const units = ls.reduce((s, l) => s + l.quantity, 0);
        const rng = Rng.derive(w.seed, 'analytics', key, m);
        switch (m) {
          case 'revenue':
            return Math.round(ls.reduce((s, l) => s + l.price * l.quantity, 0) * 100) / 100;
          case 'ordered_units':
            return units;
          case 'delivered_units':
            return ls.filter((l) => l.status === 'delivered').reduce((s, l) => s + l.quantity, 0);
          case 'cancellations':
            return ls.filter((l) => l.status === 'cancelled').reduce((s, l) => s + l.quantity, 0);
          case 'returns':
            return ls.filter((l) => l.returned).reduce((s, l) => s + l.quantity, 0);
          case 'position_category':
            return rng.int(1, 500);
          default:
            if (m.startsWith('conv_')) return Math.round(rng.next() * 1000) / 100;
            return units * rng.int(20, 120);
        }
      };
      let rows = [...groups.entries()].map(([key, g]) => ({ dimensions: g.dims, metrics: metrics.map((m) => value(m, g.lines, key)) }));
      for (const s of msgs(body.sort).reverse()) {
        const idx = metrics.indexOf(str(s.key));
        if (idx < 0) continue;
        const sign = str(s.order) === 'DESC' ? -1 : 1;
        rows = rows.sort((a, b) => (a.metrics[idx]! - b.metrics[idx]!) * sign);
      }
      const totals = metrics.map((_, i) => Math.round(rows.reduce((s, r) => s + r.metrics[i]!, 0) * 100) / 100);
      const offset = num(body.offset);
      return {
        result: { data: rows.slice(offset, offset + limit), totals },
        timestamp: new Date(w.clock.now()).toISOString().slice(0, 19).replace('T', ' '),
      };
    },
  },
];
