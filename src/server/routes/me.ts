import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Account, ChangePasswordRequest, SecurityEventPage, SessionList, UpdateMeRequest } from '../../shared/http/auth';
import { Id, Ok } from '../../shared/http/common';
import type { AppContext } from '../context';
import { nowIso } from '../db/ids';
import { authOf, requireAuth } from '../http/authenticate';
import { clientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { findAccountById, toAccountDto } from '../accounts/accounts';
import { changePassword } from '../auth/security-settings';
import { listEvents, recordEvent } from '../auth/security-events';
import { listSessions, revokeSession } from '../auth/sessions';
import { OK, bearer, problems } from './shared';

const tags = ['me'];

export function meRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const preHandler = requireAuth(ctx);

    app.get('/api/v1/me', { schema: { tags, security: bearer, response: { 200: Account, ...problems } }, preHandler }, async (req) =>
      toAccountDto(ctx.db, authOf(req).account),
    );

    app.patch('/api/v1/me', { schema: { tags, security: bearer, body: UpdateMeRequest, response: { 200: Account, ...problems } }, preHandler }, async (req) => {
      const { account } = authOf(req);
      const patch: { name?: string; locale?: string; updated_at: string } = { updated_at: nowIso() };
      if (req.body.name !== undefined) patch.name = req.body.name.trim() || account.name;
      if (req.body.locale !== undefined) patch.locale = req.body.locale;
      await ctx.db.updateTable('accounts').set(patch).where('id', '=', account.id).execute();
      return toAccountDto(ctx.db, (await findAccountById(ctx.db, account.id))!);
    });

    app.post('/api/v1/me/password', { schema: { tags, security: bearer, body: ChangePasswordRequest, response: { 200: Ok, ...problems } }, preHandler }, async (req) => {
      const { account, session } = authOf(req);
      await changePassword(ctx, account, session, req.body, clientInfo(req));
      return OK;
    });

    app.get('/api/v1/me/sessions', { schema: { tags, security: bearer, response: { 200: SessionList, ...problems } }, preHandler }, async (req) => {
      const { account, session } = authOf(req);
      return { sessions: await listSessions(ctx.db, account.id, session.id) };
    });

    app.delete(
      '/api/v1/me/sessions/:id',
      { schema: { tags, security: bearer, params: z.strictObject({ id: Id }), response: { 200: Ok, ...problems } }, preHandler },
      async (req) => {
        const { account } = authOf(req);
        const target = await ctx.db
          .selectFrom('sessions')
          .select(['id', 'device_name'])
          .where('id', '=', req.params.id)
          .where('account_id', '=', account.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (!target) throw new AppError('NOT_FOUND');
        await revokeSession(ctx.db, target.id, 'revoked_by_user');
        await recordEvent(ctx.db, { account, type: 'session_revoked', client: clientInfo(req), deviceName: target.device_name });
        return OK;
      },
    );

    app.get(
      '/api/v1/me/security-events',
      {
        schema: {
          tags,
          security: bearer,
          querystring: z.strictObject({ before: Id.optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }),
          response: { 200: SecurityEventPage, ...problems },
        },
        preHandler,
      },
      async (req) => listEvents(ctx.db, authOf(req).account.id, { before: req.query.before, limit: req.query.limit }),
    );
  };
}
