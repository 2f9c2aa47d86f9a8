/**
 * Staff invitations by email. The email carries an 8-character code; accepting
 * it proves the address (and so the device), creates the account with the
 * chosen password and signs in. Re-inviting an address revokes its earlier
 * pending invitation.
 */
import type { Selectable } from 'kysely';
import type { AuthResult, DeviceInfo, Invitation } from '../../shared/http/auth';
import type { Locale } from '../../shared/http/common';
import { normalizeEmail } from '../../shared/identity';
import { canAssignRole, type InvitableRole, type Role } from '../../shared/roles';
import type { AppContext } from '../context';
import type { InvitationsTable } from '../db/schema';
import { isoIn, newId, nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { enforceRateLimit } from '../http/rate-limit';
import { accountLocale, contactTaken, type AccountRow } from '../accounts/accounts';
import { inviteCode, issueCode, verifyCode } from '../auth/codes';
import { hashPassword, passwordPolicyError } from '../auth/passwords';
import { completeSignIn } from '../auth/sign-in';
import { isUniqueViolation } from './contacts';

type InvitationRow = Selectable<InvitationsTable>;

function toDto(row: InvitationRow & { inviter_name: string | null }): Invitation {
  const expired = row.status === 'pending' && row.expires_at <= nowIso();
  return {
    id: row.id,
    email: row.email,
    role: row.role as InvitableRole,
    invitedBy: row.inviter_name ?? '',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: expired ? 'expired' : (row.status as Invitation['status']),
  };
}

export async function listInvitations(ctx: AppContext, workspaceId: string): Promise<Invitation[]> {
  const rows = await ctx.db
    .selectFrom('invitations as i')
    .leftJoin('accounts as a', 'a.id', 'i.invited_by')
    .selectAll('i')
    .select('a.name as inviter_name')
    .where('i.workspace_id', '=', workspaceId)
    .orderBy('i.id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toDto);
}

export async function invite(
  ctx: AppContext,
  actor: AccountRow,
  input: { email: string; role: InvitableRole; locale?: Locale },
  client: ClientInfo,
): Promise<Invitation> {
  await enforceRateLimit(ctx, 'invite', client.ip, actor.id);
  const email = normalizeEmail(input.email);
  if (!email) throw new AppError('EMAIL_INVALID', { fields: [{ path: 'email', code: 'EMAIL_INVALID' }] });
  if (!canAssignRole(actor.role as Role, input.role)) throw new AppError('FORBIDDEN');
  if (await contactTaken(ctx.db, email, null)) throw new AppError('IDENTIFIER_TAKEN');
  const ws = await ctx.db.selectFrom('workspaces').select('name').where('id', '=', actor.workspace_id).executeTakeFirstOrThrow();
  const locale = input.locale ?? accountLocale(actor);
  const ttlSeconds = ctx.limits.invitationTtlDays * 86_400;
  const row: InvitationRow = {
    id: newId(),
    workspace_id: actor.workspace_id,
    email,
    role: input.role,
    invited_by: actor.id,
    locale,
    status: 'pending',
    created_at: nowIso(),
    expires_at: isoIn(ttlSeconds),
    accepted_at: null,
    account_id: null,
  };
  await ctx.db
    .updateTable('invitations')
    .set({ status: 'revoked' })
    .where('workspace_id', '=', actor.workspace_id)
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .execute();
  await ctx.db.insertInto('invitations').values(row).execute();
  const { code } = await issueCode(ctx.db, {
    purpose: 'invitation',
    refId: row.id,
    channel: 'email',
    destination: email,
    ttlSeconds,
    accountId: null,
    workspaceId: actor.workspace_id,
    code: inviteCode(),
  });
  await ctx.notifier.sendInvitation(email, locale, {
    inviterName: actor.name,
    workspaceName: ws.name,
    role: input.role,
    code,
    expiresAt: row.expires_at.slice(0, 16).replace('T', ' ') + ' UTC',
  });
  return toDto({ ...row, inviter_name: actor.name });
}

export async function revokeInvitation(ctx: AppContext, actor: AccountRow, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('invitations').selectAll().where('id', '=', id).where('workspace_id', '=', actor.workspace_id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!canAssignRole(actor.role as Role, row.role as Role)) throw new AppError('FORBIDDEN');
  if (row.status !== 'pending') return;
  await ctx.db.updateTable('invitations').set({ status: 'revoked' }).where('id', '=', id).where('status', '=', 'pending').execute();
  await ctx.db.updateTable('one_time_codes').set({ used_at: nowIso() }).where('purpose', '=', 'invitation').where('ref_id', '=', id).where('used_at', 'is', null).execute();
}

export async function acceptInvitation(
  ctx: AppContext,
  input: { email: string; code: string; name: string; password: string; device: DeviceInfo },
  client: ClientInfo,
): Promise<AuthResult> {
  const email = normalizeEmail(input.email);
  await enforceRateLimit(ctx, 'invitationAccept', client.ip, email ?? input.email.toLowerCase());
  if (!email) throw new AppError('INVITATION_INVALID');
  const policy = passwordPolicyError(input.password);
  if (policy) throw new AppError(policy);
  const inv = await ctx.db
    .selectFrom('invitations')
    .selectAll()
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .where('expires_at', '>', nowIso())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!inv) throw new AppError('INVITATION_INVALID');
  const ok = await verifyCode(ctx.db, { purpose: 'invitation', refId: inv.id, code: input.code, maxAttempts: ctx.limits.maxCodeAttempts });
  if (!ok) throw new AppError('INVITATION_INVALID');
  const now = nowIso();
  const account: AccountRow = {
    id: newId(),
    workspace_id: inv.workspace_id,
    name: input.name.trim(),
    email,
    phone: null,
    password_hash: await hashPassword(input.password),
    role: inv.role,
    status: 'active',
    locale: inv.locale,
    two_factor_method: null,
    totp_secret: null,
    totp_pending_secret: null,
    totp_last_step: null,
    password_changed_at: now,
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('invitations')
        .set({ status: 'accepted', accepted_at: now, account_id: account.id })
        .where('id', '=', inv.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('INVITATION_INVALID');
      await trx.insertInto('accounts').values(account).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('IDENTIFIER_TAKEN');
    throw err;
  }
  // the emailed code proved the address from this device: remember it quietly
  return completeSignIn(ctx, account, input.device, client, { trustDevice: true, announceNewDevice: false });
}
