/**
 * /api/v1/sync: changes (pull), mutations (push), events (SSE notices).
 * Contract: src/shared/sync/protocol.ts.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Entity } from '../../shared/domain/common';
import { can, type Permission, type Role } from '../../shared/roles';
import { ChangePage, PAGE_HEADERS, PullQuery, PUSH_MAX_BYTES, PushRequest, PushResponse } from '../../shared/sync/protocol';
import { authenticateAccessToken } from '../auth/sessions';
import type { AppContext } from '../context';
import { authOf, bearerToken, requireAuth } from '../http/authenticate';
import { chooseCoding, compress } from '../http/encoding';
import { AppError } from '../http/problem';
import { bearer, problems } from '../routes/shared';
import { SyncHub } from './hub';
import { feedHead, readChangesPage } from './pull';
import { applyMutations } from './push';

const tags = ['sync'];
export const HEARTBEAT_MS = 25_000;

/** Which permission lets a role see an entity's rows in the feed. */
const ENTITY_PERMISSION: Partial<Record<Entity, Permission>> = {
  posting: 'orders.view',
  return: 'orders.view',
};
const canSee = (role: Role) => (entity: Entity) => can(role, ENTITY_PERMISSION[entity] ?? 'products.view');

export interface SyncRoutesOptions {
  heartbeatMs?: number;
  pollMs?: number;
}

export function syncRoutes(ctx: AppContext, opts: SyncRoutesOptions = {}): FastifyPluginAsyncZod {
  return async (app) => {
    const hub = new SyncHub(ctx.db, ctx.log, opts.pollMs ?? 1000);
    const streams = new Set<ServerResponse>();
    const auth = requireAuth(ctx);
    const viewer = [
      auth,
      async function (req: { auth: { account: { role: string } } | null }) {
        const role = req.auth!.account.role as Role;
        if (!can(role, 'products.view') && !can(role, 'orders.view')) throw new AppError('FORBIDDEN');
      },
    ];

    app.get(
      '/api/v1/sync/changes',
      { schema: { tags, security: bearer, querystring: PullQuery, response: { 200: ChangePage, ...problems } }, preHandler: viewer },
      async (req, reply) => {
        const { account } = authOf(req);
        // the page is built as UTF-8 JSON bytes (stored rows are sent as they are, see pull.ts): sent as is, not re-serialized
        const page = await readChangesPage(ctx.db, {
          workspaceId: account.workspace_id,
          after: req.query.after,
          limit: req.query.limit,
          canSee: canSee(account.role as Role),
          keyWarningDays: ctx.config.ozon.keyWarningDays,
          dbKind: ctx.dbKind,
        });
        // a client across a network asks for br or gzip (a first sync is hundreds of MB of JSON); one on this machine
        // asks for none (http/encoding.ts)
        const coding = chooseCoding(req.headers['accept-encoding'], page.bytes.length);
        const body = coding ? await compress(page.bytes, coding) : page.bytes;
        const r = (reply as unknown as FastifyReply).type('application/json; charset=utf-8').header('vary', 'Accept-Encoding');
        if (coding) r.header('content-encoding', coding);
        // the cursor and hasMore again in headers: the client asks for the next page before it decodes and applies this one
        return r.header(PAGE_HEADERS.cursor, String(page.cursor)).header(PAGE_HEADERS.hasMore, String(page.hasMore)).send(body);
      },
    );

    app.post(
      '/api/v1/sync/mutations',
      { bodyLimit: PUSH_MAX_BYTES, schema: { tags, security: bearer, body: PushRequest, response: { 200: PushResponse, ...problems } }, preHandler: auth },
      async (req) => {
        const { account } = authOf(req);
        // every changed field must say what it started from
        const missing: { path: string; code: string }[] = [];
        req.body.mutations.forEach((m, i) => {
          if (m.entity === 'action') return; // actions carry values, not field edits
          for (const [f, v] of Object.entries(m.changes)) if (v !== undefined && !(f in m.base)) missing.push({ path: `mutations.${i}.base.${f}`, code: 'required' });
        });
        if (missing.length) throw new AppError('VALIDATION_FAILED', { fields: missing.slice(0, 50) });
        const actor = { workspaceId: account.workspace_id, accountId: account.id, role: account.role as Role };
        try {
          // each committed chunk is announced at once: the other clients start pulling while the rest applies
          const out = await applyMutations(ctx.db, actor, req.body.mutations, () => hub.notify(actor.workspaceId));
          return { results: out.results };
        } finally {
          // also after a partial batch: what committed is visible
          hub.notify(actor.workspaceId);
        }
      },
    );

    app.get('/api/v1/sync/events', { schema: { tags, security: bearer }, preHandler: viewer }, async (req, reply) => {
      const { account } = authOf(req);
      const token = bearerToken(req)!;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      streams.add(res);
      const head = await feedHead(ctx.db, account.workspace_id);
      const send = (h: number) => res.write(`event: changes\ndata: ${JSON.stringify({ head: h })}\n\n`);
      res.write('retry: 3000\n\n');
      send(head);
      const remove = hub.add({ workspaceId: account.workspace_id, told: head, send });
      const heartbeat = setInterval(() => {
        // a revoked session or disabled account ends the stream at the next beat
        void authenticateAccessToken(ctx.db, token).then(
          (ok) => (ok ? res.write(': heartbeat\n\n') : res.end()),
          () => res.write(': heartbeat\n\n'),
        );
      }, opts.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref();
      const cleanup = () => {
        clearInterval(heartbeat);
        remove();
        streams.delete(res);
      };
      res.on('close', cleanup);
      res.on('error', cleanup);
    });

    app.addHook('preClose', async () => {
      hub.close();
      for (const res of streams) res.end();
      streams.clear();
    });
  };
}
