/**
 * Chats: /v3/chat/list (cursor), /v3/chat/history, /v1/chat/send/message,
 * /v2/chat/read. Message ids are uint64 values above 2^53 and are emitted as
 * bare JSON numbers (util/json) — clients must parse them as strings/BigInt.
 */
import { ts } from '../util/time';
import { Check, big, list, msg, num, str } from '../protocol/validate';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import { invalidArgument, notFound } from '../protocol/errors';
import { addChatMessage, sortKey } from '../market/feedback';
import type { RouteDef } from './context';
import type { World } from '../market/world';

interface ChatRow {
  chat_id: string;
  store_id: number;
  seq: number;
  chat_type: string;
  chat_status: string;
  created_at: number;
  posting_number: string;
  sku: number;
}
interface MessageRow {
  message_id: string;
  chat_id: string;
  created_at: number;
  user_type: string;
  user_id: string;
  text: string;
  is_read: number;
}

function chatOf(w: World, storeId: number, chatId: string): ChatRow {
  const c = w.db.prepare('SELECT * FROM chats WHERE chat_id = ? AND store_id = ?').get(chatId, storeId) as ChatRow | undefined;
  if (!c) throw notFound('chat not found');
  return c;
}

const unread = (w: World, chatId: string): { n: number; first: string | null; last: string | null } => {
  const r = w.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM chat_messages WHERE chat_id = ? AND is_read = 0 AND user_type <> 'Seller') AS n,
              (SELECT message_id FROM chat_messages WHERE chat_id = ? AND is_read = 0 AND user_type <> 'Seller' ORDER BY sort_key LIMIT 1) AS first,
              (SELECT message_id FROM chat_messages WHERE chat_id = ? ORDER BY sort_key DESC LIMIT 1) AS last`,
    )
    .get(chatId, chatId, chatId) as { n: number; first: string | null; last: string | null };
  return r;
};

export const chatRoutes: RouteDef[] = [
  {
    path: '/v3/chat/list',
    handler: ({ w, store, body }) => {
      const check = new Check('ChatListRequest');
      const limit = check.range('limit', num(body.limit) || 30, 1, 100);
      const f = msg(body.filter);
      const status = (str(f?.chat_status) || 'All').toLowerCase();
      const where = ['store_id = ?'];
      const args: (string | number)[] = [store.id];
      if (status === 'opened' || status === 'closed') {
        where.push('chat_status = ?');
        args.push(status === 'opened' ? 'OPENED' : 'CLOSED');
      }
      if (f?.unread_only === true) where.push("EXISTS (SELECT 1 FROM chat_messages m WHERE m.chat_id = chats.chat_id AND m.is_read = 0 AND m.user_type <> 'Seller')");
      const cur = decodeCursor(str(body.cursor), 'cursor');
      if (cur) {
        where.push('(created_at < ? OR (created_at = ? AND seq < ?))');
        args.push(Number(cur[0]), Number(cur[0]), Number(cur[1]));
      }
      const rows = w.db.prepare(`SELECT * FROM chats WHERE ${where.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT ?`).all(...args, limit + 1) as ChatRow[];
      const page = rows.slice(0, limit);
      const total = w.db
        .prepare("SELECT COUNT(*) AS n FROM chat_messages m JOIN chats c ON c.chat_id = m.chat_id WHERE c.store_id = ? AND m.is_read = 0 AND m.user_type <> 'Seller'")
        .get(store.id) as { n: number };
      const last = page[page.length - 1];
      return {
        chats: page.map((c) => {
          const u = unread(w, c.chat_id);
          return {
            chat: { created_at: ts(c.created_at), chat_id: c.chat_id, chat_status: c.chat_status, chat_type: c.chat_type },
            first_unread_message_id: u.first ? BigInt(u.first) : 0,
            last_message_id: u.last ? BigInt(u.last) : 0,
            unread_count: u.n,
          };
        }),
        total_unread_count: total.n,
        cursor: rows.length > limit && last ? encodeCursor([last.created_at, last.seq]) : '',
        has_next: rows.length > limit,
      };
    },
  },
  {
    path: '/v3/chat/history',
    handler: ({ w, store, body }) => {
      const check = new Check('ChatHistoryRequest');
      const chat = chatOf(w, store.id, check.required('chat_id', str(body.chat_id)));
      const limit = check.range('limit', num(body.limit) || 50, 1, 1000);
      const forward = str(body.direction).toLowerCase() === 'forward';
      const ids = list(msg(body.filter)?.message_ids).map((v) => big(v).toString());
      const where = ['chat_id = ?'];
      const args: (string | number)[] = [chat.chat_id];
      if (ids.length) {
        where.push(`message_id IN (${ids.map(() => '?').join(',')})`);
        args.push(...ids);
      }
      const from = big(body.from_message_id);
      if (from > 0n) {
        where.push(`sort_key ${forward ? '>=' : '<='} ?`);
        args.push(sortKey(from));
      }
      const dir = forward ? 'ASC' : 'DESC';
      const rows = w.db.prepare(`SELECT * FROM chat_messages WHERE ${where.join(' AND ')} ORDER BY sort_key ${dir} LIMIT ?`).all(...args, limit + 1) as MessageRow[];
      return {
        has_next: rows.length > limit,
        messages: rows.slice(0, limit).map((m) => ({
          context: { order_number: chat.posting_number.split('-').slice(0, 2).join('-'), sku: String(chat.sku) },
          created_at: ts(m.created_at),
          data: [m.text],
          is_image: false,
          is_read: m.is_read === 1,
          message_id: BigInt(m.message_id),
          moderate_image_status: 'SUCCESS',
          user: { id: m.user_id, type: m.user_type },
        })),
      };
    },
  },
  {
    path: '/v1/chat/send/message',
    handler: ({ w, store, body }) => {
      const check = new Check('ChatSendMessageRequest');
      const chat = chatOf(w, store.id, check.required('chat_id', str(body.chat_id)));
      const text = str(body.text);
      if ([...text].length < 1 || [...text].length > 1000) throw invalidArgument('invalid ChatSendMessageRequest.Text: value length must be between 1 and 1000 runes, inclusive');
      if (chat.chat_status !== 'OPENED') throw invalidArgument('chat is closed');
      addChatMessage(w, chat.chat_id, w.clock.now(), 'Seller', store.client_id, text, true);
      return { result: 'success' };
    },
  },
  {
    path: '/v2/chat/read',
    handler: ({ w, store, body }) => {
      const chat = chatOf(w, store.id, new Check('ChatReadRequest').required('chat_id', str(body.chat_id)));
      const from = big(body.from_message_id);
      if (from > 0n) w.db.prepare('UPDATE chat_messages SET is_read = 1 WHERE chat_id = ? AND sort_key <= ?').run(chat.chat_id, sortKey(from));
      else w.db.prepare('UPDATE chat_messages SET is_read = 1 WHERE chat_id = ?').run(chat.chat_id);
      return { unread_count: unread(w, chat.chat_id).n };
    },
  },
];
