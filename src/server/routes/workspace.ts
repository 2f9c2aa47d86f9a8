import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuthResult, SetupRequest, WorkspaceInfo } from '../../shared/http/auth';
import type { AppContext } from '../context';
import { clientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { enforceRateLimit } from '../http/rate-limit';
import { completeSignIn } from '../auth/sign-in';
import { createWorkspaceWithOwner, currentWorkspace, workspaceExists } from '../workspace/setup';
import { API_VERSION, SERVER_VERSION } from '../version';
import { problems } from './shared';

export function workspaceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/workspace/info', { schema: { tags: ['workspace'], response: { 200: WorkspaceInfo, ...problems } } }, async () => {
      const ws = await currentWorkspace(ctx.db);
      return {
        initialized: !!ws,
        name: ws?.name ?? null,
        setupOpen: ctx.config.setupOpen && !ws,
        serverVersion: SERVER_VERSION,
        apiVersion: API_VERSION,
      };
    });

    app.post(
      '/api/v1/workspace/setup',
      { schema: { tags: ['workspace'], body: SetupRequest, response: { 200: AuthResult, ...problems } } },
      async (req) => {
        const body = req.body;
        const client = clientInfo(req, body.locale);
        await enforceRateLimit(ctx, 'setup', client.ip);
        if (await workspaceExists(ctx.db)) throw new AppError('WORKSPACE_ALREADY_INITIALIZED');
        // closed servers are set up by an operator with the admin CLI
        if (!ctx.config.setupOpen) throw new AppError('FORBIDDEN', { detail: 'Setup is not open on this server' });
        const { account } = await createWorkspaceWithOwner(ctx.db, body);
        return completeSignIn(ctx, account, body.device, client, { trustDevice: true, announceNewDevice: false });
      },
    );
  };
}
