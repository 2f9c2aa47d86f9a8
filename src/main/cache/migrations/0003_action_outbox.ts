/**
 * Cache step 3: the action outbox (issues 3+4). Actions are commands Ozon
 * must carry out (ship, cancel, reply, archive, join…), not field edits of a
 * mirrored row: no base version, no merge. `id` is the idempotency key sent
 * as the mutation id and reused on every network retry.
 * `next_attempt_at` is epoch ms (0 = due now); `error` is the server's
 * rejection reason as JSON while `state` is 'failed'.
 */
export const up = `
CREATE TABLE action_outbox (
  ord INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  store_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  "values" TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  error TEXT
) STRICT;
CREATE INDEX action_outbox_due ON action_outbox (state, next_attempt_at, ord);
CREATE INDEX action_outbox_target ON action_outbox (store_id, key);
`;
