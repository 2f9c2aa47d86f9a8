/**
 * Operator commands over the server's database. They reuse the server's own
 * modules (same validation, hashing, events) — never raw inserts that could
 * bypass an invariant.
 */
import type { Kysely } from 'kysely';
import { parseIdentifier } from '../../shared/identity';
import { LOCALES, type Locale } from '../../shared/http/common';
import type { DB } from '../db/schema';
import { nowIso } from '../db/ids';
import { findAccountByIdentifier } from '../accounts/accounts';
import { accountLockKey, clearLock, getLockState, identifierLockKey, isLocked } from '../auth/lockout';
import { recordEvent } from '../auth/security-events';
import { readOutbox } from '../messaging/outbox';
import { createWorkspaceWithOwner } from '../workspace/setup';
import { optionalFlag, requiredFlag, table, UsageError, type ParsedArgs } from './args';

export type Out = (line: string) => void;

export async function createWorkspaceCommand(db: Kysely<DB>, args: ParsedArgs, out: Out): Promise<void> {
  const locale = (optionalFlag(args, 'locale') ?? 'en') as Locale;
  if (!(LOCALES as readonly string[]).includes(locale)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}`);
  const email = optionalFlag(args, 'owner-email');
  const phone = optionalFlag(args, 'owner-phone');
  if (!email && !phone) throw new UsageError('give --owner-email and/or --owner-phone');
  const { workspace, account } = await createWorkspaceWithOwner(db, {
    workspaceName: requiredFlag(args, 'name'),
    name: requiredFlag(args, 'owner-name'),
    email,
    phone,
    password: requiredFlag(args, 'password'),
    locale,
  });
  out(`Created workspace "${workspace.name}" (${workspace.id})`);
  out(`Owner: ${account.name} <${account.email ?? account.phone}> (${account.id})`);
}

export async function accountsCommand(db: Kysely<DB>, out: Out): Promise<void> {
  const rows = await db.selectFrom('accounts').selectAll().orderBy('created_at').execute();
  if (!rows.length) return out('No accounts.');
  const lines: string[][] = [];
  for (const a of rows) {
    const lock = await getLockState(db, accountLockKey(a.id));
    const lockText = !isLocked(lock) ? '' : lock!.permanent ? 'permanent' : `until ${lock!.lockedUntil}`;
    lines.push([a.id, a.name, a.email ?? '', a.phone ?? '', a.role, a.status, a.two_factor_method ?? 'off', lockText]);
  }
  out(table(['ID', 'NAME', 'EMAIL', 'PHONE', 'ROLE', 'STATUS', '2FA', 'LOCKED'], lines));
}

export async function ticketsCommand(db: Kysely<DB>, args: ParsedArgs, out: Out): Promise<void> {
  const limit = Number(optionalFlag(args, 'limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
  const rows = await db.selectFrom('support_tickets').selectAll().orderBy('id', 'desc').limit(limit).execute();
  if (!rows.length) return out('No support tickets.');
  for (const t of rows) {
    out(`#${t.id}  ${t.created_at}  [${t.status}]  contact: ${t.contact}${t.identifier ? `  account: ${t.identifier}` : ''}  locale: ${t.locale ?? '-'}  ip: ${t.ip ?? '-'}`);
    out(t.message.split('\n').map((l) => `    ${l}`).join('\n'));
    out('');
  }
}

export async function unlockCommand(db: Kysely<DB>, args: ParsedArgs, out: Out): Promise<boolean> {
  const raw = args.positional[0];
  if (!raw) throw new UsageError('usage: unlock <email|phone>');
  const ident = parseIdentifier(raw);
  if (!ident) throw new UsageError(`"${raw}" is not a valid email or phone number`);
  const account = await findAccountByIdentifier(db, ident);
  const keys = [identifierLockKey(ident)];
  if (account) keys.push(accountLockKey(account.id));
  const cleared = await clearLock(db, keys);
  if (account && cleared) {
    await recordEvent(db, { account, type: 'unlocked', detail: { by: 'admin_cli', at: nowIso() } });
  }
  if (!account) {
    out(cleared ? `No account for ${ident.value}; cleared its failed-attempt counter.` : `No account for ${ident.value}.`);
    return cleared;
  }
  out(cleared ? `Unlocked ${account.name} <${ident.value}>; failed-attempt counter reset.` : `${ident.value} was not locked.`);
  return true;
}

export async function outboxCommand(db: Kysely<DB>, args: ParsedArgs, out: Out): Promise<void> {
  const limit = Number(optionalFlag(args, 'limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
  const msgs = await readOutbox(db, { limit, to: optionalFlag(args, 'to') });
  if (!msgs.length) return out('The dev outbox is empty.');
  for (const m of msgs.reverse()) {
    out(`=== ${m.createdAt}  ${m.channel.toUpperCase()}  to: ${m.recipient}`);
    if (m.subject) out(`Subject: ${m.subject}`);
    out(m.body);
    out('');
  }
}

export const HELP = `Sellerdesk workspace admin

Usage: npm run admin -- <command> [options]
The database comes from the same environment as the server:
  DATABASE_URL=postgres://…   or   SELLERDESK_DB=path/to/sellerdesk.db (default ./.data/sellerdesk.db)

Commands:
  create-workspace --name <workspace> --owner-name <name> --owner-email <email>
                   [--owner-phone <phone>] --password <password> [--locale en|ru|zh-CN]
                        create the workspace and its owner (once per server)
  accounts              list accounts with role, status, 2FA and lock state
  tickets [--limit N]   list support tickets, newest first
  unlock <email|phone>  lift a sign-in lock (also a permanent one) and reset the counter
  outbox [--limit N] [--to <address>]
                        print the dev outbox (emails/SMS when SMTP/SMS are not configured)
  help                  this text

Exit codes: 0 ok, 1 failed, 2 usage error.`;
