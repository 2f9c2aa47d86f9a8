/**
 * Chats (/v3/chat/list, cursor, 100 a page) with their messages
 * (/v3/chat/history, newest first, 100 a page). Every run walks the chat list
 * — it is the change detector: a chat whose last message, unread count or
 * status did not change is skipped without a history call. For a changed chat
 * history is read backwards until a page reaches a message we already hold
 * (the newest page is always re-read: read marks change there); a chat seen
 * for the first time is read completely. Message ids exceed 2^53 and stay
 * digit strings end to end. A list page, its chats' messages and the
 * checkpoint commit together, so a crash never leaves a chat marked current
 * without its messages. Never swept.
 */
import type { Kysely } from 'kysely';
import type { Chat, ChatMessage } from '../../../shared/domain/service';
import type { DB } from '../../db/schema';
import { chatHistory, listChats, type OzonChat, type OzonChatMessage } from '../../ozon/endpoints/chats';
import { TABLES } from '../tables';
import { applyRows, type RowInput } from '../upsert';
import { mapLimit, type Importer, type RunContext } from './context';

type ChatDoc = Omit<Chat, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
type MessageDoc = Omit<ChatMessage, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export function chatDoc(c: OzonChat): ChatDoc {
  return {
    chatId: c.chat.chat_id,
    chatType: c.chat.chat_type,
    chatStatus: c.chat.chat_status,
    unreadCount: c.unread_count,
    lastMessageId: c.last_message_id,
    firstUnreadMessageId: c.first_unread_message_id,
    createdAt: c.chat.created_at,
  };
}

export function messageDoc(chatId: string, m: OzonChatMessage): MessageDoc {
  return { chatId, messageId: m.message_id, userType: m.user.type, userId: m.user.id, isRead: m.is_read, text: m.data, createdAt: m.created_at };
}

async function storedChats(db: Kysely<DB>, storeId: string, ids: string[]): Promise<Map<string, ChatDoc>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('chats').select(['chat_id', 'data']).where('store_id', '=', storeId).where('deleted', '=', 0).where('chat_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.chat_id, JSON.parse(r.data) as ChatDoc]));
}

async function heldMessages(db: Kysely<DB>, storeId: string, chatId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await db
    .selectFrom('chat_messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('store_id', '=', storeId)
    .where('chat_id', '=', chatId)
    .where('message_id', 'in', ids)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

const unchanged = (a: ChatDoc | undefined, b: ChatDoc): boolean =>
  !!a && a.lastMessageId === b.lastMessageId && a.unreadCount === b.unreadCount && a.firstUnreadMessageId === b.firstUnreadMessageId && a.chatStatus === b.chatStatus;

async function readHistory(ctx: RunContext, chatId: string, out: RowInput[]): Promise<void> {
  let before: string | null = null;
  for (;;) {
    const page = await chatHistory(ctx.client, chatId, before, ctx.signal);
    const fresh = page.messages.filter((m) => m.message_id !== before);
    for (const m of fresh) out.push({ key: [chatId, m.message_id], data: messageDoc(chatId, m) });
    if (!page.has_next || !fresh.length) return;
    // stop once this page reaches messages we already hold
    if ((await heldMessages(ctx.db, ctx.scope.storeId, chatId, fresh.map((m) => m.message_id))) > 0) return;
    before = oldest(fresh.map((m) => m.message_id));
  }
}

const oldest = (ids: string[]): string => ids.reduce((a, b) => (BigInt(b) < BigInt(a) ? b : a));

export const chatsImporter: Importer = {
  entity: 'chats',
  async run(ctx) {
    let cursor = ctx.cursor ?? '';
    const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
    for (;;) {
      const page = await listChats(ctx.client, cursor, ctx.signal);
      const docs = page.chats.map(chatDoc);
      const stored = await storedChats(ctx.db, ctx.scope.storeId, docs.map((d) => d.chatId));
      const changed = docs.filter((d) => !unchanged(stored.get(d.chatId), d));
      const messages: RowInput[] = [];
      await mapLimit(changed, 4, (d) => readHistory(ctx, d.chatId, messages));
      const next = page.has_next && page.cursor ? page.cursor : null;
      await ctx.commit(
        async (trx) => {
          await applyRows(trx, TABLES.chat, scope, docs.map((d) => ({ key: [d.chatId], data: d })));
          await applyRows(trx, TABLES.chat_message, scope, messages);
        },
        { cursor: next, done: ctx.done + docs.length, total: next ? null : ctx.done + docs.length },
      );
      if (!next) break;
      cursor = next;
    }
  },
};
