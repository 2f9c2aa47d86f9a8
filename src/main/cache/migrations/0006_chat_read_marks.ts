/**
 * Cache step 6: where this computer has read each chat up to (a chat_read
 * action, issue "opening a chat marks it read"). The chat's unread badge
 * hides at once and stays hidden after the action leaves the outbox, until
 * the server's row (Ozon's read-back) catches up: the mark outlives the
 * queued command on purpose. `message_id` is Ozon's uint64 as digits.
 */
export const up = `
CREATE TABLE chat_read_marks (
  store_id TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (store_id, chat_id)
) STRICT;
`;
