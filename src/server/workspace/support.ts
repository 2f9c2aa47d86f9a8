/** Support tickets from the sign-in screen (no auth; rate limited; stored verbatim, listed by the admin CLI). */
import type { Locale } from '../../shared/http/common';
import type { AppContext } from '../context';
import { newId, nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';
import { enforceRateLimit } from '../http/rate-limit';
import { currentWorkspace } from './setup';

export async function createTicket(
  ctx: AppContext,
  input: { contact: string; identifier?: string; message: string; locale?: Locale },
  client: ClientInfo,
): Promise<string> {
  await enforceRateLimit(ctx, 'support', client.ip, input.contact.trim().toLowerCase());
  const ws = await currentWorkspace(ctx.db);
  const id = newId();
  await ctx.db
    .insertInto('support_tickets')
    .values({
      id,
      workspace_id: ws?.id ?? null,
      contact: input.contact.trim(),
      identifier: input.identifier?.trim() || null,
      message: input.message,
      locale: input.locale ?? client.locale,
      ip: client.ip,
      status: 'open',
      created_at: nowIso(),
    })
    .execute();
  return id;
}
