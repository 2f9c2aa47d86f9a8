import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AcceptInvitationRequest, AuthResult, Invitation, InvitationList, InviteRequest, Member, MemberList, UpdateMemberRequest } from '../../shared/http/auth';
import { Id, Ok } from '../../shared/http/common';
import type { AppContext } from '../context';
import { authOf, requirePermission } from '../http/authenticate';
import { clientInfo } from '../http/client';
import { acceptInvitation, invite, listInvitations, revokeInvitation } from '../workspace/invitations';
import { changeMemberRole, disableMember, listMembers } from '../workspace/members';
import { OK, bearer, problems } from './shared';

const tags = ['staff'];
const IdParams = z.strictObject({ id: Id });

export function staffRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const view = requirePermission(ctx, 'staff.view');
    const manage = requirePermission(ctx, 'staff.manage');
    const schema = { tags, security: bearer };

    app.get('/api/v1/workspace/members', { schema: { ...schema, response: { 200: MemberList, ...problems } }, preHandler: view }, async (req) => ({
      members: await listMembers(ctx, authOf(req).account.workspace_id),
    }));

    app.patch(
      '/api/v1/workspace/members/:id',
      { schema: { ...schema, params: IdParams, body: UpdateMemberRequest, response: { 200: Member, ...problems } }, preHandler: manage },
      async (req) => changeMemberRole(ctx, authOf(req).account, req.params.id, req.body.role),
    );

    app.delete('/api/v1/workspace/members/:id', { schema: { ...schema, params: IdParams, response: { 200: Ok, ...problems } }, preHandler: manage }, async (req) => {
      await disableMember(ctx, authOf(req).account, req.params.id, clientInfo(req));
      return OK;
    });

    app.get('/api/v1/workspace/invitations', { schema: { ...schema, response: { 200: InvitationList, ...problems } }, preHandler: manage }, async (req) => ({
      invitations: await listInvitations(ctx, authOf(req).account.workspace_id),
    }));

    app.post('/api/v1/workspace/invitations', { schema: { ...schema, body: InviteRequest, response: { 200: Invitation, ...problems } }, preHandler: manage }, async (req) =>
      invite(ctx, authOf(req).account, req.body, clientInfo(req)),
    );

    app.delete('/api/v1/workspace/invitations/:id', { schema: { ...schema, params: IdParams, response: { 200: Ok, ...problems } }, preHandler: manage }, async (req) => {
      await revokeInvitation(ctx, authOf(req).account, req.params.id);
      return OK;
    });

    app.post('/api/v1/invitations/accept', { schema: { tags, body: AcceptInvitationRequest, response: { 200: AuthResult, ...problems } } }, async (req) =>
      acceptInvitation(ctx, req.body, clientInfo(req)),
    );
  };
}
