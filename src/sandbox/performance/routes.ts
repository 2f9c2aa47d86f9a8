/**
 * Ozon Performance (ads) API, served on the same port under /api/client/*
 * (Ozon hosts it at api-performance.ozon.ru; point the connector's
 * performance base URL at the sandbox URL).
 *
 *  POST /api/client/token               client credentials → {access_token, expires_in: 1800, token_type: "Bearer"}
 *  GET  /api/client/campaign            campaigns (campaignIds, advObjectType, state filters)
 *  GET  /api/client/statistics/daily    CSV report (";"-separated, decimal comma, as Ozon's)
 *  GET  /api/client/statistics/daily/json  {rows: [{id, title, date, views, clicks, moneySpent, avgBid, orders, ordersMoney}]}
 *    (the JSON variant is documented in the method's description, not as a path; amounts are strings with a decimal comma)
 * Errors use the Performance spec's body {error: "..."}; tokens expire after
 * 1800 simulated-limits seconds.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Sender } from '../server';
import type { World } from '../market/world';
import type { FaultInjector } from '../protocol/faults';
import type { Stats } from '../protocol/stats';
import { Rng } from '../util/rng';
import { DAY, ts, ymd } from '../util/time';

interface Deps {
  w: World;
  faults: FaultInjector;
  stats: Stats;
}

interface CampaignRow {
  id: number;
  store_id: number;
  title: string;
  state: string;
  payment_type: string;
  adv_object_type: string;
  budget: number;
  daily_budget: number;
  from_date: string;
  to_date: string;
  created_at: number;
}

const TOKEN_TTL_S = 1800;
const comma = (n: number): string => n.toFixed(2).replace('.', ',');

export function registerPerformance(app: FastifyInstance, send: Sender, { w, faults, stats }: Deps): void {
  const route = (method: 'GET' | 'POST', url: string, fn: (req: FastifyRequest, reply: FastifyReply) => unknown): void => {
    app.route({
      method,
      url,
      handler: async (req, reply) => {
        reply.raw.on('finish', () => stats.record(url, reply.statusCode));
        const fault = faults.roll();
        if (fault === 'drop') {
          req.raw.socket.destroy();
          return reply.hijack();
        }
        if (fault === '5xx') return send(reply, 503, { error: 'service unavailable' });
        if (fault === 'timeout') await new Promise((r) => setTimeout(r, Math.min(faults.config().timeoutMs, 120_000)).unref());
        w.clock.sync();
        return fn(req, reply);
      },
    });
  };
  const storeOf = (req: FastifyRequest, reply: FastifyReply): number | null => {
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const row = token ? (w.db.prepare('SELECT store_id, expires_at FROM perf_tokens WHERE token = ?').get(token) as { store_id: number; expires_at: number } | undefined) : undefined;
    if (!row || row.expires_at <= w.clock.limitsNow()) {
      send(reply, 401, { error: row ? 'token is expired' : 'unauthorized' });
      return null;
    }
    return row.store_id;
  };
  const query = (req: FastifyRequest): URLSearchParams => new URLSearchParams(req.url.split('?')[1] ?? '');
  const ids = (q: URLSearchParams): string[] => q.getAll('campaignIds').flatMap((v) => v.split(',')).filter(Boolean);

  route('POST', '/api/client/token', (req, reply) => {
    let b: Record<string, unknown> = {};
    try {
      b = JSON.parse(typeof req.body === 'string' ? req.body : '{}') as Record<string, unknown>;
    } catch {
      return send(reply, 400, { error: 'invalid request body' });
    }
    if (b.grant_type !== 'client_credentials') return send(reply, 400, { error: 'unsupported grant_type' });
    const store = w.db.prepare('SELECT id FROM stores WHERE perf_client_id = ? AND perf_client_secret = ?').get(String(b.client_id ?? ''), String(b.client_secret ?? '')) as { id: number } | undefined;
    if (!store) return send(reply, 401, { error: 'invalid client credentials' });
    const token = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${crypto.randomBytes(24).toString('base64url')}.${crypto.randomBytes(16).toString('base64url')}`;
    w.db.prepare('INSERT INTO perf_tokens(token, store_id, expires_at) VALUES (?,?,?)').run(token, store.id, w.clock.limitsNow() + TOKEN_TTL_S * 1000);
    return send(reply, 200, { access_token: token, expires_in: TOKEN_TTL_S, token_type: 'Bearer' });
  });

  route('GET', '/api/client/campaign', (req, reply) => {
    const storeId = storeOf(req, reply);
    if (storeId === null) return reply;
    const q = query(req);
    let rows = w.db.prepare('SELECT * FROM campaigns WHERE store_id = ? ORDER BY id').all(storeId) as CampaignRow[];
    const want = ids(q);
    if (want.length) rows = rows.filter((r) => want.includes(String(r.id)));
    if (q.get('advObjectType')) rows = rows.filter((r) => r.adv_object_type === q.get('advObjectType'));
    if (q.get('state') && q.get('state') !== 'CAMPAIGN_STATE_UNKNOWN') rows = rows.filter((r) => r.state === q.get('state'));
    const pageSize = Number(q.get('pageSize') ?? 0);
    if (pageSize > 0) {
      const page = Math.max(1, Number(q.get('page') ?? 1));
      rows = rows.slice((page - 1) * pageSize, page * pageSize);
    }
    return send(reply, 200, {
      list: rows.map((r) => ({
        id: String(r.id),
        paymentType: r.payment_type,
        title: r.title,
        state: r.state,
        advObjectType: r.adv_object_type,
        fromDate: r.from_date,
        toDate: r.to_date,
        autostopStatus: 'AUTOSTOP_STATUS_NONE',
        isAutocreated: false,
        budget: String(r.budget),
        dailyBudget: String(r.daily_budget),
        weeklyBudget: '0',
        placement: r.adv_object_type === 'SKU' ? 'PLACEMENT_SEARCH_AND_CATEGORY' : 'PLACEMENT_INVALID',
        productAutopilotStrategy: 'NO_AUTO_STRATEGY',
        autopilot: null,
        createdAt: ts(r.created_at),
        updatedAt: ts(r.created_at),
        productCampaignMode: 'PRODUCT_CAMPAIGN_MODE_MANUAL',
      })),
    });
  });

  const dailyRows = (storeId: number, q: URLSearchParams): { id: string; title: string; date: string; views: number; clicks: number; spent: number; orders: number; ordersMoney: number }[] => {
    const now = w.clock.now();
    const to = q.get('dateTo') ?? ymd(now);
    const from = q.get('dateFrom') ?? ymd(now - 6 * DAY);
    const want = ids(q);
    const camps = (w.db.prepare('SELECT * FROM campaigns WHERE store_id = ? ORDER BY id').all(storeId) as CampaignRow[]).filter((c) => !want.length || want.includes(String(c.id)));
    const out = [];
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`) && d <= now; d += DAY) {
      for (const c of camps) {
        if (ymd(d) < c.from_date || (c.to_date && ymd(d) > c.to_date) || c.state !== 'CAMPAIGN_STATE_RUNNING') continue;
        const rng = Rng.derive(w.seed, 'ads', c.id, ymd(d));
        const views = rng.int(800, 25_000);
        const clicks = Math.round(views * (0.01 + rng.next() * 0.04));
        const spent = clicks * (5 + rng.next() * 20);
        const orders = Math.round(clicks * (0.02 + rng.next() * 0.06));
        out.push({ id: String(c.id), title: c.title, date: ymd(d), views, clicks, spent, orders, ordersMoney: orders * rng.int(500, 4000) });
      }
    }
    return out;
  };

  route('GET', '/api/client/statistics/daily/json', (req, reply) => {
    const storeId = storeOf(req, reply);
    if (storeId === null) return reply;
    return send(reply, 200, {
      rows: dailyRows(storeId, query(req)).map((r) => ({
        id: r.id,
        title: r.title,
        date: r.date,
        views: String(r.views),
        clicks: String(r.clicks),
        moneySpent: comma(r.spent),
        avgBid: comma(r.clicks ? r.spent / r.clicks : 0),
        orders: String(r.orders),
        ordersMoney: comma(r.ordersMoney),
      })),
    });
  });

  route('GET', '/api/client/statistics/daily', (req, reply) => {
    const storeId = storeOf(req, reply);
    if (storeId === null) return reply;
    const lines = ['ID;Название;Дата;Показы;Клики;Расход, ₽;Средняя стоимость клика, ₽;Заказы, шт;Заказы, ₽'];
    for (const r of dailyRows(storeId, query(req))) {
      lines.push([r.id, r.title, r.date, r.views, r.clicks, comma(r.spent), comma(r.clicks ? r.spent / r.clicks : 0), r.orders, comma(r.ordersMoney)].join(';'));
    }
    return reply.code(200).header('content-type', 'text/csv; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
