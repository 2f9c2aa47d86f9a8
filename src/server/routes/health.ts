import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context';
import { pingDatabase } from '../db/connect';
import { SERVER_VERSION } from '../version';
import { problems } from './shared';

const Health = z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), version: z.string() });

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', { schema: { tags: ['meta'], response: { 200: Health, ...problems } } }, async () => {
      await pingDatabase(ctx.db);
      return { status: 'ok' as const, db: ctx.dbKind, version: SERVER_VERSION };
    });
  };
}
