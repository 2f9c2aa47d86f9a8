/**
 * The sandbox's own control API — NOT part of Ozon's API. Lives under
 * /__sandbox/, requires header `X-Sandbox-Token: <token>` (printed by the
 * CLI, available as RunningSandbox.control.token), is never rate-limited and
 * never fault-injected, so a connector can't hit it by accident.
 *
 *  GET  /__sandbox/state                 clock, time scale, stores, faults, market settings
 *  GET  /__sandbox/stats                 requests per endpoint, statuses, 429s, faults served
 *  POST /__sandbox/stats/reset
 *  POST /__sandbox/clock/advance         {"seconds": 3600}
 *  POST /__sandbox/clock/scale           {"time_scale": 60}
 *  POST /__sandbox/faults                {"rate": 0.1, "kinds": ["5xx","timeout","drop"], "timeout_ms": 65000}
 *  POST /__sandbox/keys/revoke           {"client_id": "..."}
 *  POST /__sandbox/keys/expire           {"client_id": "...", "expires_at": "2026-01-01T00:00:00Z"?}  (default: now)
 *  POST /__sandbox/keys/restore          {"client_id": "..."}  un-revoke and extend by 180 days
 *  POST /__sandbox/market                {"orders_per_day", "fbs_share", "ship_fail_rate", "seller_autopilot"}
 *  POST /__sandbox/postings              {"client_id": "...", "count": 3, "scheme": "fbs"|"fbo"}  create orders now
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Sender } from '../server';
import type { SandboxControl } from '../index';

export function registerControl(app: FastifyInstance, send: Sender, control: SandboxControl): void {
  const guard = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (req.headers['x-sandbox-token'] !== control.token) {
      send(reply, 403, { error: 'sandbox control API: missing or wrong X-Sandbox-Token header' });
      return false;
    }
    return true;
  };
  const body = (req: FastifyRequest): Record<string, unknown> => {
    try {
      return typeof req.body === 'string' && req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const route = (method: 'GET' | 'POST', url: string, fn: (b: Record<string, unknown>) => unknown): void => {
    app.route({
      method,
      url: `/__sandbox${url}`,
      handler: async (req, reply) => {
        if (!guard(req, reply)) return reply;
        try {
          return send(reply, 200, (await fn(body(req))) ?? { ok: true });
        } catch (e) {
          return send(reply, 400, { error: (e as Error).message });
        }
      },
    });
  };
  route('GET', '/state', () => control.state());
  route('GET', '/stats', () => control.stats());
  route('POST', '/stats/reset', () => control.resetStats());
  route('POST', '/clock/advance', async (b) => {
    await control.advance(Number(b.seconds ?? 0));
    return control.state();
  });
  route('POST', '/clock/scale', (b) => control.setTimeScale(Number(b.time_scale ?? 1)));
  route('POST', '/faults', (b) =>
    control.setFaults({ rate: Number(b.rate ?? 0), kinds: b.kinds as never, timeoutMs: b.timeout_ms === undefined ? undefined : Number(b.timeout_ms) }),
  );
  route('POST', '/keys/revoke', (b) => control.revokeKey(String(b.client_id)));
  route('POST', '/keys/expire', (b) => control.expireKey(String(b.client_id), b.expires_at ? Date.parse(String(b.expires_at)) : undefined));
  route('POST', '/keys/restore', (b) => control.restoreKey(String(b.client_id)));
  route('POST', '/market', (b) =>
    control.setMarket({
      ordersPerDay: b.orders_per_day === undefined ? undefined : Number(b.orders_per_day),
      fbsShare: b.fbs_share === undefined ? undefined : Number(b.fbs_share),
      shipFailRate: b.ship_fail_rate === undefined ? undefined : Number(b.ship_fail_rate),
      sellerAutopilot: b.seller_autopilot === undefined ? undefined : Boolean(b.seller_autopilot),
    }),
  );
  route('POST', '/postings', (b) => ({ posting_numbers: control.createPostings(String(b.client_id), Number(b.count ?? 1), b.scheme === 'fbo' ? 'fbo' : 'fbs') }));
}
