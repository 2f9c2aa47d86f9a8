/**
 * Chats this computer has read (chat_read actions): the local mark that makes
 * an opened chat show read at once — while its chat_read waits in the outbox
 * and after the server accepted it, until Ozon's read-back reaches the cache.
 *
 * Invariants:
 * - a mark only ever moves forward (the newest message read wins);
 * - a mark hides a chat's unread count only while it covers the chat's first
 *   unread message as the server last showed it (a customer message after the
 *   mark shows the chat unread again) and the row's Ozon state is not
 *   failed/drifted (Ozon refused the read: its count is the truth);
 * - a read the server refused, or a person discarded, takes its mark away.
 * Message ids are Ozon's uint64 as digit strings: compared by length, then
 * as text (no leading zeros), never as numbers (they exceed 2^53).
 */
import type { CacheDb } from './db';

/** SQL: digit string `a` >= digit string `b` */
const digitsAtLeast = (a: string, b: string) => `(length(${a}) > length(${b}) OR (length(${a}) = length(${b}) AND ${a} >= ${b}))`;

/**
 * SQL for the unread count a `chats` row (alias `x`) shows on this computer:
 * 0 when a read mark covers it (see the module invariants), else the server's.
 */
export function effectiveUnread(x: string): string {
  const first = `COALESCE(json_extract(${x}.server_json, '$.firstUnreadMessageId'), json_extract(${x}.server_json, '$.lastMessageId'))`;
  return `(CASE WHEN ${x}.unread_count > 0
      AND COALESCE(json_extract(${x}.server_json, '$.ozonSync.state'), '') NOT IN ('failed', 'drifted')
      AND EXISTS (SELECT 1 FROM chat_read_marks rm WHERE rm.store_id = ${x}.store_id AND rm.chat_id = ${x}.key
                  AND (${first} IS NULL OR ${digitsAtLeast('rm.message_id', first)}))
    THEN 0 ELSE ${x}.unread_count END)`;
}

export class ChatReadMarks {
  private readonly st;

  constructor(db: CacheDb) {
    this.st = {
      mark: db.prepare(
        `INSERT INTO chat_read_marks (store_id, chat_id, message_id) VALUES (?, ?, ?)
         ON CONFLICT (store_id, chat_id) DO UPDATE SET message_id = CASE WHEN ${digitsAtLeast('excluded.message_id', 'message_id')} THEN excluded.message_id ELSE message_id END`,
      ),
      clear: db.prepare('DELETE FROM chat_read_marks WHERE store_id = ? AND chat_id = ?'),
      get: db.prepare('SELECT message_id FROM chat_read_marks WHERE store_id = ? AND chat_id = ?').pluck(),
    };
  }

  /** read up to `messageId` (call inside the transaction that queues the chat_read) */
  mark(storeId: string, chatId: string, messageId: string): void {
    this.st.mark.run(storeId, chatId, messageId);
  }

  clear(storeId: string, chatId: string): void {
    this.st.clear.run(storeId, chatId);
  }

  /** the message the chat is marked read up to, or null */
  get(storeId: string, chatId: string): string | null {
    return (this.st.get.get(storeId, chatId) as string | undefined) ?? null;
  }
}
