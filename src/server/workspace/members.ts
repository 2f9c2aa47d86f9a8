/**
 * Staff management. Rules beyond the permission matrix: nobody changes or
 * disables the owner (CANNOT_CHANGE_OWNER), nobody disables themselves
 * (CANNOT_REMOVE_SELF), and an actor may only touch members whose current and
 * new role it could assign (canAssignRole) — so an admin cannot demote another admin.
 */
import type { Member } from '../../shared/http/auth';
import { canAssignRole, type InvitableRole, type Role } from '../../shared/roles';
import type { AppContext } from '../context';
import { nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import type { AccountRow } from '../accounts/accounts';
import { recordEvent } from '../auth/security-events';
import { revokeAllSessions } from '../auth/sessions';

function toMember(a: AccountRow): Member {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    phone: a.phone,
    role: a.role as Role,
    status: a.status === 'disabled' ? 'disabled' : 'active',
    createdAt: a.created_at,
  };
}

export async function listMembers(ctx: AppContext, workspaceId: string): Promise<Member[]> {
  const rows = await ctx.db.selectFrom('accounts').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
  return rows.map(toMember);
}

async function target(ctx: AppContext, actor: AccountRow, id: string): Promise<AccountRow> {
  const row = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', id).where('workspace_id', '=', actor.workspace_id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (row.role === 'owner') throw new AppError('CANNOT_CHANGE_OWNER');
  if (row.id === actor.id) throw new AppError('CANNOT_REMOVE_SELF');
  if (!canAssignRole(actor.role as Role, row.role as Role)) throw new AppError('FORBIDDEN');
  return row;
}

export async function changeMemberRole(ctx: AppContext, actor: AccountRow, id: string, role: InvitableRole): Promise<Member> {
  const row = await target(ctx, actor, id);
  if (!canAssignRole(actor.role as Role, role)) throw new AppError('FORBIDDEN');
  await ctx.db.updateTable('accounts').set({ role, updated_at: nowIso() }).where('id', '=', row.id).execute();
  return toMember({ ...row, role });
}

export async function disableMember(ctx: AppContext, actor: AccountRow, id: string, client: ClientInfo): Promise<void> {
  const row = await target(ctx, actor, id);
  await ctx.db.updateTable('accounts').set({ status: 'disabled', updated_at: nowIso() }).where('id', '=', row.id).execute();
  const revoked = await revokeAllSessions(ctx.db, row.id, 'member_disabled');
  if (revoked) await recordEvent(ctx.db, { account: row, type: 'session_revoked', client, detail: { by: actor.id, reason: 'member_disabled' } });
}
