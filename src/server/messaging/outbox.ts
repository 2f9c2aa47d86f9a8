/**
 * The dev outbox: without SMTP/SMS configuration messages land here (never
 * silently dropped) and the admin CLI prints them.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { newId, nowIso } from '../db/ids';

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  createdAt: string;
}

export async function writeOutbox(
  db: Kysely<DB>,
  msg: { channel: 'email' | 'sms'; to: string; subject?: string | null; body: string; workspaceId?: string | null },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ id: newId(), workspace_id: msg.workspaceId ?? null, channel: msg.channel, recipient: msg.to, subject: msg.subject ?? null, body: msg.body, created_at: nowIso() })
    .execute();
}

/** Newest first. */
export async function readOutbox(db: Kysely<DB>, opts: { limit?: number; to?: string } = {}): Promise<OutboxMessage[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(Math.max(1, Math.min(opts.limit ?? 20, 1000)));
  if (opts.to) q = q.where('recipient', '=', opts.to);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, channel: r.channel as 'email' | 'sms', recipient: r.recipient, subject: r.subject, body: r.body, createdAt: r.created_at }));
}
