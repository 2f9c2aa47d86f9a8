/**
 * Chats: /v3/chat/list (cursor, ≤100), /v3/chat/history (≤1000 messages a
 * call, newest first by default) and /v2/chat/read (mark read up to a message). Message ids are uint64 above 2^53: they
 * arrive as exact strings (parseJsonLossless) and go out as BigInt, which the
 * client writes as a bare JSON integer.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zIdOpt, zNum, zStr, zTs } from './zod-helpers';

export const OzonChat = z.object({
  chat: z.object({ chat_id: zId, chat_status: zStr, chat_type: zStr, created_at: zTs }),
  first_unread_message_id: zIdOpt,
  last_message_id: zIdOpt,
  unread_count: zNum,
});
export type OzonChat = z.output<typeof OzonChat>;
export const ChatListResponse = z.object({ chats: zArr(OzonChat), total_unread_count: zNum, cursor: zStr, has_next: zBool });

export const OzonChatMessage = z.object({
  message_id: zId,
  user: z
    .object({ id: zStr, type: zStr })
    .nullish()
    .transform((v) => v ?? { id: '', type: '' }),
  created_at: zTs,
  is_read: zBool,
  data: zArr(z.string()),
});
export type OzonChatMessage = z.output<typeof OzonChatMessage>;
export const ChatHistoryResponse = z.object({ has_next: zBool, messages: zArr(OzonChatMessage) });

export const CHATS_PAGE = 100;
export const HISTORY_PAGE = 100;

/** `unreadOnly` (ChatListRequestFilter.unread_only): only the chats with unread customer messages (a chat_read's read-back). */
export const listChats = (c: OzonClient, cursor: string, signal?: AbortSignal, unreadOnly = false) =>
  c.call('/v3/chat/list', { filter: { chat_status: 'All', ...(unreadOnly ? { unread_only: true } : {}) }, limit: CHATS_PAGE, ...(cursor ? { cursor } : {}) }, ChatListResponse, { signal });

/** Newest first; `before` (a message id, inclusive) pages further back. */
export const chatHistory = (c: OzonClient, chatId: string, before: string | null, signal?: AbortSignal) =>
  c.call('/v3/chat/history', { chat_id: chatId, direction: 'Backward', limit: HISTORY_PAGE, ...(before ? { from_message_id: BigInt(before) } : {}) }, ChatHistoryResponse, { signal });

export const ChatReadResponse = z.object({ unread_count: zNum });
/**
 * /v2/chat/read (ChatRead → v2ChatReadResponse): this message and every one
 * before it are read. Marking read twice changes nothing, so it is retried
 * like a read (idempotent).
 */
export const markChatRead = (c: OzonClient, chatId: string, fromMessageId: string, signal?: AbortSignal) =>
  c.call('/v2/chat/read', { chat_id: chatId, from_message_id: BigInt(fromMessageId) }, ChatReadResponse, { signal });
