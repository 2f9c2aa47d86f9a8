/**
 * The HTTP front: one Fastify app serving Ozon's Seller API, the Performance
 * API (/api/client/*) and the sandbox control API (/__sandbox/*).
 *
 * Seller API pipeline, in Ozon's order: fault injection → auth → 50 req/s per
 * Client-Id → per-method limit → strict protobuf-style body decoding →
 * handler. Every response body is serialized by util/json (64-bit safe).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate } from './protocol/auth';
import { decodeBody } from './protocol/decode';
import { REQUEST_DESCRIPTORS } from './protocol/descriptors.gen';
import { GRPC, OzonError, RATE_LIMIT_MESSAGE } from './protocol/errors';
import type { FaultInjector } from './protocol/faults';
import { GLOBAL_LIMIT, METHOD_LIMITS, SlidingWindow } from './protocol/rate-limit';
import type { Stats } from './protocol/stats';
import { isRaw, type RouteDef } from './routes/context';
import type { World } from './market/world';
import type { MarketEngine } from './market/engine';
import { stringify } from './util/json';

export interface ServerDeps {
  w: World;
  engine: MarketEngine;
  faults: FaultInjector;
  stats: Stats;
  rateLimits: () => boolean;
  routes: RouteDef[];
  registerExtra: (app: FastifyInstance, send: Sender) => void;
}

export type Sender = (reply: FastifyReply, status: number, body: unknown, headers?: Record<string, string>) => FastifyReply;

export const send: Sender = (reply, status, body, headers = {}) => {
  reply.code(status).header('content-type', 'application/json; charset=utf-8');
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.send(stringify(body));
};

export function sendError(reply: FastifyReply, e: OzonError): FastifyReply {
  return send(reply, e.httpStatus, e.body(), e.headers);
}

export interface Holds {
  pending: Set<() => void>;
}

export function buildServer(deps: ServerDeps, holds: Holds): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024, return503OnClosing: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const global = new SlidingWindow(GLOBAL_LIMIT.max, GLOBAL_LIMIT.windowMs);
  const perMethod = new Map(Object.entries(METHOD_LIMITS).map(([p, l]) => [p, new SlidingWindow(l.max, l.windowMs)]));
  const { w, stats } = deps;

  const handle = (def: RouteDef) => async (req: FastifyRequest, reply: FastifyReply) => {
    const endpoint = def.path;
    reply.raw.on('finish', () => stats.record(endpoint, reply.statusCode));
    const fault = deps.faults.roll();
    if (fault === 'drop') {
      stats.record(endpoint, 0);
      req.raw.socket.destroy();
      return reply.hijack();
    }
    if (fault === '5xx') {
      const f = deps.faults.fiveXx();
      return send(reply, f.status, f.body);
    }
    try {
      const now = w.clock.limitsNow();
      const store = authenticate(w, req, now);
      if (deps.rateLimits()) {
        if (!global.take(store.client_id, now)) throw new OzonError(GRPC.RESOURCE_EXHAUSTED, RATE_LIMIT_MESSAGE);
        const lim = perMethod.get(endpoint);
        if (lim && !lim.take(store.client_id, now)) throw new OzonError(GRPC.RESOURCE_EXHAUSTED, METHOD_LIMITS[endpoint]!.message);
      }
      if (def.disabled) throw new OzonError(GRPC.UNIMPLEMENTED, def.disabled);
      const desc = REQUEST_DESCRIPTORS[endpoint] ?? { name: 'Request', fields: {} };
      const body = decodeBody(typeof req.body === 'string' ? req.body : '', desc);
      w.clock.sync();
      const result = def.handler({ w, store, body, req, reply, limitsNow: now });
      if (fault === 'timeout') {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            holds.pending.delete(done);
            resolve();
          };
          const timer = setTimeout(done, deps.faults.config().timeoutMs);
          holds.pending.add(done);
        });
        return send(reply, 504, { code: GRPC.DEADLINE_EXCEEDED, message: 'context deadline exceeded', details: [] });
      }
      if (isRaw(result)) {
        reply.code(200).header('content-type', result.contentType);
        for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
        return reply.send(result.raw);
      }
      return send(reply, 200, result);
    } catch (e) {
      if (e instanceof OzonError) return def.errorDetails === 'string' ? send(reply, e.httpStatus, { ...e.body(), details: '' }, e.headers) : sendError(reply, e);
      console.error('[sandbox] handler crashed', endpoint, e);
      return send(reply, 500, { code: GRPC.INTERNAL, message: 'Internal error', details: [] });
    }
  };

  const known = new Set<string>();
  for (const def of deps.routes) {
    known.add(def.path);
    app.route({ method: def.method ?? 'POST', url: def.path, handler: handle(def) });
  }
  deps.registerExtra(app, send);

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (known.has(path)) return send(reply, 405, { code: GRPC.UNIMPLEMENTED, message: 'Method Not Allowed', details: [] });
    return send(reply, 404, { code: GRPC.NOT_FOUND, message: 'Not Found', details: [] });
  });
  return app;
}
