/**
 * chat_read → /v2/chat/read: marks a chat's messages read up to one message
 * (the newest the person saw when opening the chat). One chat a request
 * (batchSize 1), paced by the client's limiter like every Ozon call.
 *
 * Unlike a reply it creates nothing: reading twice changes nothing, so a
 * crash mid-send is simply read back and, when Ozon still shows it unread,
 * sent again. The read-back walks /v3/chat/list with unread_only (the chats
 * that still have unread customer messages; it stops at the chat):
 *
 *   applied when the chat is not listed, or its first unread message is newer
 *   than the one read up to (a customer wrote again after the read).
 *
 * The chat's row follows the read-back at once (ReadBack.row), so the change
 * feed carries Ozon's unread count (0 after a plain read) to every client
 * without waiting for the next chat import: the chat as listed, or — when it
 * is no longer listed as unread — the stored row with unreadCount 0 and no
 * first unread message. A chat this server does not hold is left out of the
 * read-back (the runner then sends, and Ozon's "chat not found" fails it).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import { listChats, markChatRead, type OzonChat } from '../../ozon/endpoints/chats';
import { chatDoc } from '../../store-data/importers/chats';
import type { ExportValuesByKind } from '../enqueue';
import type { ItemRow } from '../settle';
import { noHolds, payloadOf, refusal, retryHold } from './action-common';
import type { ItemResult, KindHandler, ReadBack } from './types';

/** The chat as Ozon's unread list shows it, or null when it has no unread customer message. */
async function unreadChat(c: OzonClient, chatId: string, signal?: AbortSignal): Promise<OzonChat | null> {
  let cursor = '';
  for (;;) {
    const page = await listChats(c, cursor, signal, true);
    const hit = page.chats.find((x) => x.chat.chat_id === chatId);
    if (hit) return hit;
    if (!page.has_next || !page.cursor || page.cursor === cursor) return null;
    cursor = page.cursor;
  }
}

async function heldChats(db: Kysely<DB>, storeId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('chats').select('chat_id').where('store_id', '=', storeId).where('deleted', '=', 0).where('chat_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.chat_id));
}

/** a message id (digits, may exceed 2^53) is after another */
const after = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

async function read(c: OzonClient, db: Kysely<DB>, storeId: string, items: ItemRow[], signal?: AbortSignal): Promise<Map<string, ReadBack>> {
  const out = new Map<string, ReadBack>();
  const held = await heldChats(db, storeId, items.map((it) => it.row_key!));
  for (const it of items) {
    const chatId = it.row_key!;
    const upTo = payloadOf<ExportValuesByKind['chat_read']>(it).fromMessageId;
    const listed = await unreadChat(c, chatId, signal);
    if (listed) {
      const first = listed.first_unread_message_id;
      const matches = first !== null && after(first, upTo);
      out.set(it.id, { matches, value: { unreadCount: listed.unread_count, firstUnreadMessageId: first }, row: { key: [chatId], data: chatDoc(listed) } });
    } else if (held.has(chatId)) {
      out.set(it.id, { matches: true, value: { unreadCount: 0, firstUnreadMessageId: null }, row: { key: [chatId], patch: { unreadCount: 0, firstUnreadMessageId: null } } });
    }
  }
  return out;
}

export const chatReadHandler: KindHandler = {
  kind: 'chat_read',
  path: '/v2/chat/read',
  batchSize: 1,
  waitCodes: [],
  preRead: false,
  holds: noHolds,
  waitHold: (item, nowMs) => retryHold(item, nowMs, 'Ozon asked to retry'),
  read,
  body: (items) => items[0]!,
  async results(c, items, _body, signal) {
    const it = items[0]!;
    const v = payloadOf<ExportValuesByKind['chat_read']>(it);
    let r: ItemResult;
    try {
      await markChatRead(c, it.row_key!, v.fromMessageId, signal);
      r = { ok: true };
    } catch (e) {
      r = refusal(e);
    }
    return new Map([[it.id, r]]);
  },
};
