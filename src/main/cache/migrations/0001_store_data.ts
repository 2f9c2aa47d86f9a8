/**
 * Cache step 1: the mirror of the workspace's store data, the sync cursor and
 * the outbox. Frozen history: never edit a shipped step, add a new number.
 *
 * Every mirrored table keeps the full row JSON as the server sent it
 * (`server_json`, authoritative) plus the columns lists filter, sort and
 * search on. For editable entities (products, stocks) those columns hold the
 * *effective* value: the server row with the still-unacknowledged local
 * edits of the outbox laid over it.
 */
export const up = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE products (
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  sku TEXT,
  name TEXT NOT NULL,
  price REAL,
  status TEXT NOT NULL,
  visible INTEGER NOT NULL,
  archived INTEGER NOT NULL,
  category_id TEXT,
  type_id TEXT,
  stock_present INTEGER NOT NULL DEFAULT 0,
  stock_reserved INTEGER NOT NULL DEFAULT 0,
  local_state TEXT NOT NULL DEFAULT 'synced',
  server_json TEXT NOT NULL,
  PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX products_name ON products (store_id, name COLLATE NOCASE, key);
CREATE INDEX products_offer ON products (store_id, offer_id, key);
CREATE INDEX products_price ON products (store_id, price, key);
CREATE INDEX products_stock ON products (store_id, stock_present, key);
CREATE INDEX products_updated ON products (store_id, updated_at, key);
-- covers the list filters: totals are counted from the index alone
CREATE INDEX products_filter ON products (store_id, status, visible, archived, stock_present, category_id);
CREATE INDEX products_category ON products (store_id, category_id);
CREATE INDEX products_sku ON products (store_id, sku);
CREATE VIRTUAL TABLE products_fts USING fts5 (name, offer_id, sku, barcodes, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

CREATE TABLE stocks (
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  product_id TEXT NOT NULL,
  warehouse_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  present INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  local_state TEXT NOT NULL DEFAULT 'synced',
  server_json TEXT NOT NULL,
  PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX stocks_product ON stocks (store_id, product_id);
CREATE INDEX stocks_warehouse ON stocks (store_id, warehouse_id, product_id);

CREATE TABLE warehouses (
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  server_json TEXT NOT NULL,
  PRIMARY KEY (store_id, key)
) STRICT;

CREATE TABLE categories (
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  category_id TEXT NOT NULL,
  type_id TEXT NOT NULL,
  parent_id TEXT,
  name TEXT NOT NULL,
  server_json TEXT NOT NULL,
  PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX categories_id ON categories (store_id, category_id, type_id);

CREATE TABLE postings (
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  scheme TEXT NOT NULL,
  status TEXT NOT NULL,
  substatus TEXT NOT NULL,
  warehouse_id TEXT,
  in_process_at TEXT,
  shipment_date TEXT,
  items_count INTEGER NOT NULL,
  total REAL NOT NULL,
  total_text TEXT NOT NULL,
  currency TEXT NOT NULL,
  first_item_name TEXT NOT NULL,
  server_json TEXT NOT NULL,
  PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX postings_in_process ON postings (store_id, in_process_at, key);
CREATE INDEX postings_shipment ON postings (store_id, shipment_date, key);
CREATE INDEX postings_status_sort ON postings (store_id, status, key);
CREATE INDEX postings_filter ON postings (store_id, status, scheme, warehouse_id, in_process_at);
CREATE INDEX postings_total ON postings (store_id, total, key);
CREATE VIRTUAL TABLE postings_fts USING fts5 (posting_number, item_names, offer_ids, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

CREATE TABLE posting_items (
  store_id TEXT NOT NULL,
  posting_key TEXT NOT NULL,
  idx INTEGER NOT NULL,
  sku TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  name TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  price TEXT NOT NULL,
  PRIMARY KEY (store_id, posting_key, idx),
  FOREIGN KEY (store_id, posting_key) REFERENCES postings (store_id, key) ON DELETE CASCADE
) STRICT;
CREATE INDEX posting_items_sku ON posting_items (store_id, sku);
CREATE INDEX posting_items_offer ON posting_items (store_id, offer_id);

CREATE TABLE returns (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  posting_number TEXT NOT NULL, status TEXT NOT NULL, sku TEXT, returned_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX returns_posting ON returns (store_id, posting_number);
CREATE INDEX returns_at ON returns (store_id, returned_at);

CREATE TABLE promotions (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  date_start TEXT, date_end TEXT, participating INTEGER NOT NULL,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;

CREATE TABLE promotion_products (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  action_id TEXT NOT NULL, product_id TEXT NOT NULL, participating INTEGER NOT NULL,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX promotion_products_product ON promotion_products (store_id, product_id);
CREATE INDEX promotion_products_action ON promotion_products (store_id, action_id);

CREATE TABLE reviews (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  sku TEXT NOT NULL, status TEXT NOT NULL, rating INTEGER NOT NULL, published_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX reviews_published ON reviews (store_id, published_at);
CREATE INDEX reviews_sku ON reviews (store_id, sku);

CREATE TABLE review_comments (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  review_id TEXT NOT NULL, published_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX review_comments_review ON review_comments (store_id, review_id);

CREATE TABLE questions (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  sku TEXT NOT NULL, status TEXT NOT NULL, published_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX questions_published ON questions (store_id, published_at);

CREATE TABLE question_answers (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  question_id TEXT NOT NULL, published_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX question_answers_question ON question_answers (store_id, question_id);

CREATE TABLE chats (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  status TEXT NOT NULL, unread_count INTEGER NOT NULL, created_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;

CREATE TABLE chat_messages (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  chat_id TEXT NOT NULL, message_id TEXT NOT NULL, created_at TEXT,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX chat_messages_chat ON chat_messages (store_id, chat_id, created_at);
CREATE VIRTUAL TABLE chat_messages_fts USING fts5 (text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

CREATE TABLE campaigns (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  state TEXT NOT NULL,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;

CREATE TABLE campaign_stats (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  campaign_id TEXT NOT NULL, date TEXT NOT NULL,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX campaign_stats_campaign ON campaign_stats (store_id, campaign_id, date);

CREATE TABLE finance_transactions (
  store_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
  operation_date TEXT, posting_number TEXT, amount REAL NOT NULL,
  server_json TEXT NOT NULL, PRIMARY KEY (store_id, key)
) STRICT;
CREATE INDEX finance_date ON finance_transactions (store_id, operation_date);
CREATE INDEX finance_posting ON finance_transactions (store_id, posting_number);

-- entities without a dedicated table (store rows, category attribute sets, future ones)
CREATE TABLE records (
  entity TEXT NOT NULL,
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  server_json TEXT NOT NULL,
  PRIMARY KEY (entity, store_id, key)
) STRICT;

-- Durable outbox (one row per local edit, written with the row in one transaction).
-- id is the idempotency key, generated before the first send and reused on every retry.
CREATE TABLE outbox (
  ord INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  entity TEXT NOT NULL,
  store_id TEXT NOT NULL,
  key TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  changes TEXT NOT NULL,
  base TEXT NOT NULL,
  change_set_id TEXT,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'failed', 'conflict')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  conflicts TEXT,
  conflict_version INTEGER
) STRICT;
CREATE INDEX outbox_row ON outbox (entity, store_id, key);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
`;
