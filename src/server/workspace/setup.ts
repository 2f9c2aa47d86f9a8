/**
 * Creating the workspace and its owner — once per server. The 'setup_done'
 * row in server_meta is inserted in the same transaction: its primary key
 * makes a second (or concurrent) setup fail on both dialects.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '../../shared/http/common';
import type { DB } from '../db/schema';
import { newId, nowIso } from '../db/ids';
import { AppError } from '../http/problem';
import type { AccountRow } from '../accounts/accounts';
import { hashPassword, passwordPolicyError } from '../auth/passwords';
import { isUniqueViolation, normalizeContacts } from './contacts';

export async function workspaceExists(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('server_meta').select('key').where('key', '=', 'setup_done').executeTakeFirst());
}

export async function currentWorkspace(db: Kysely<DB>): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('workspaces').select(['id', 'name']).orderBy('created_at').executeTakeFirst();
}

export interface CreateWorkspaceInput {
  workspaceName: string;
  name: string;
  email?: string;
  phone?: string;
  password: string;
  locale: Locale;
}

export async function createWorkspaceWithOwner(db: Kysely<DB>, input: CreateWorkspaceInput): Promise<{ workspace: { id: string; name: string }; account: AccountRow }> {
  if (await workspaceExists(db)) throw new AppError('WORKSPACE_ALREADY_INITIALIZED');
  const { email, phone } = normalizeContacts(input.email, input.phone);
  const policy = passwordPolicyError(input.password);
  if (policy) throw new AppError(policy);
  const passwordHash = await hashPassword(input.password);
  const now = nowIso();
  const workspace = { id: newId(), name: input.workspaceName.trim(), created_at: now };
  const account: AccountRow = {
    id: newId(),
    workspace_id: workspace.id,
    name: input.name.trim(),
    email,
    phone,
    password_hash: passwordHash,
    role: 'owner',
    status: 'active',
    locale: input.locale,
    two_factor_method: null,
    totp_secret: null,
    totp_pending_secret: null,
    totp_last_step: null,
    password_changed_at: now,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('server_meta').values({ key: 'setup_done', value: workspace.id, created_at: now }).execute();
      await trx.insertInto('workspaces').values(workspace).execute();
      await trx.insertInto('accounts').values(account).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('WORKSPACE_ALREADY_INITIALIZED');
    throw err;
  }
  return { workspace: { id: workspace.id, name: workspace.name }, account };
}
