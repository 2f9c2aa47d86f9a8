import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SupportTicketCreated, SupportTicketRequest } from '../../shared/http/auth';
import type { AppContext } from '../context';
import { clientInfo } from '../http/client';
import { createTicket } from '../workspace/support';
import { problems } from './shared';

export function supportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/v1/support/tickets', { schema: { tags: ['support'], body: SupportTicketRequest, response: { 200: SupportTicketCreated, ...problems } } }, async (req) => ({
      ticketId: await createTicket(ctx, req.body, clientInfo(req, req.body.locale)),
    }));
  };
}
