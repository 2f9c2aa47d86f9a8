/** Append-only security log per account; the owner reads it newest first. */
import type { Kysely } from 'kysely';
import type { SecurityEvent } from '../../shared/http/auth';
import type { DB } from '../db/schema';
import { newId, nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';

export type SecurityEventType = SecurityEvent['type'];

export async function recordEvent(
  db: Kysely<DB>,
  input: {
    account: { id: string; workspace_id: string };
    type: SecurityEventType;
    client?: Pick<ClientInfo, 'ip' | 'userAgent'> | null;
    deviceName?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('security_events')
    .values({
      id: newId(),
      workspace_id: input.account.workspace_id,
      account_id: input.account.id,
      type: input.type,
      ip: input.client?.ip ?? null,
      user_agent: input.client?.userAgent ?? null,
      device_name: input.deviceName ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
      created_at: nowIso(),
    })
    .execute();
}

export async function listEvents(
  db: Kysely<DB>,
  accountId: string,
  opts: { before?: string; limit: number },
): Promise<{ events: SecurityEvent[]; nextBefore: string | null }> {
  let q = db
    .selectFrom('security_events')
    .select(['id', 'type', 'created_at', 'ip', 'device_name'])
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(opts.limit + 1);
  if (opts.before) q = q.where('id', '<', opts.before);
  const rows = await q.execute();
  const page = rows.slice(0, opts.limit);
  return {
    events: page.map((r) => ({ id: r.id, type: r.type as SecurityEventType, at: r.created_at, ip: r.ip, deviceName: r.device_name })),
    nextBefore: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}
