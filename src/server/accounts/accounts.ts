/** Account lookups and the public `Account` shape. */
import type { Kysely, Selectable } from 'kysely';
import type { Account } from '../../shared/http/auth';
import type { Identifier } from '../../shared/identity';
import type { Role } from '../../shared/roles';
import type { Locale } from '../../shared/http/common';
import type { AccountsTable, DB } from '../db/schema';
import { countRecoveryCodes } from '../auth/recovery-codes';
import { isLocale } from '../http/client';

export type AccountRow = Selectable<AccountsTable>;

export async function findAccountByIdentifier(db: Kysely<DB>, ident: Identifier): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where(ident.kind === 'email' ? 'email' : 'phone', '=', ident.value)
    .executeTakeFirst();
}

export async function findAccountById(db: Kysely<DB>, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function accountLocale(account: Pick<AccountRow, 'locale'>): Locale {
  return isLocale(account.locale) ? account.locale : 'en';
}

export async function toAccountDto(db: Kysely<DB>, account: AccountRow): Promise<Account> {
  const ws = await db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', account.workspace_id).executeTakeFirstOrThrow();
  const method = account.two_factor_method as Account['twoFactor']['method'];
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    phone: account.phone,
    role: account.role as Role,
    locale: accountLocale(account),
    workspace: { id: ws.id, name: ws.name },
    twoFactor: { enabled: !!method, method: method ?? null },
    recoveryCodesRemaining: method ? await countRecoveryCodes(db, account.id) : 0,
    createdAt: account.created_at,
  };
}

/** Is this email/phone already used by any account? */
export async function contactTaken(db: Kysely<DB>, email: string | null, phone: string | null): Promise<boolean> {
  if (!email && !phone) return false;
  let q = db.selectFrom('accounts').select('id');
  q = q.where((eb) => {
    const ors = [];
    if (email) ors.push(eb('email', '=', email));
    if (phone) ors.push(eb('phone', '=', phone));
    return eb.or(ors);
  });
  return !!(await q.executeTakeFirst());
}
