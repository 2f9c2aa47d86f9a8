/**
 * SQLite schema of the sandbox world. One database holds every store; every
 * seller-visible row carries store_id so one Client-Id can never read another
 * store's data. Money is stored as REAL rubles, simulated times as epoch ms.
 *
 * Migrations are append-only: MIGRATIONS[i] brings user_version from i to i+1.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE stores (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    api_key TEXT NOT NULL,
    name TEXT NOT NULL,
    legal_name TEXT NOT NULL,
    inn TEXT NOT NULL,
    ogrn TEXT NOT NULL,
    key_expires_at INTEGER NOT NULL,
    key_revoked INTEGER NOT NULL DEFAULT 0,
    perf_client_id TEXT NOT NULL,
    perf_client_secret TEXT NOT NULL
  );

  CREATE TABLE warehouses (
    warehouse_id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    is_rfbs INTEGER NOT NULL,
    is_kgt INTEGER NOT NULL,
    status TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    delivery_method_id INTEGER NOT NULL,
    delivery_method_name TEXT NOT NULL
  );
  CREATE INDEX warehouses_store ON warehouses(store_id);

  CREATE TABLE categories (
    description_category_id INTEGER NOT NULL,
    parent_id INTEGER,
    category_name TEXT NOT NULL,
    type_id INTEGER NOT NULL DEFAULT 0,
    type_name TEXT NOT NULL DEFAULT '',
    disabled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (description_category_id, type_id)
  );

  CREATE TABLE attributes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    type TEXT NOT NULL,
    is_collection INTEGER NOT NULL,
    is_required INTEGER NOT NULL,
    is_aspect INTEGER NOT NULL,
    dictionary_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    max_value_count INTEGER NOT NULL,
    category_dependent INTEGER NOT NULL
  );
  CREATE TABLE type_attributes (
    description_category_id INTEGER NOT NULL,
    type_id INTEGER NOT NULL,
    attribute_id INTEGER NOT NULL,
    PRIMARY KEY (description_category_id, type_id, attribute_id)
  );
  CREATE TABLE dictionary_values (
    dictionary_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    value TEXT NOT NULL,
    info TEXT NOT NULL,
    picture TEXT NOT NULL,
    PRIMARY KEY (dictionary_id, id)
  );

  CREATE TABLE products (
    product_id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    offer_id TEXT NOT NULL,
    sku INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    description_category_id INTEGER NOT NULL,
    type_id INTEGER NOT NULL,
    barcodes TEXT NOT NULL,
    images TEXT NOT NULL,
    primary_image TEXT NOT NULL,
    color_image TEXT NOT NULL,
    attributes TEXT NOT NULL,
    price REAL NOT NULL,
    old_price REAL NOT NULL,
    min_price REAL NOT NULL,
    net_price REAL NOT NULL,
    vat TEXT NOT NULL,
    currency_code TEXT NOT NULL,
    depth INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    dimension_unit TEXT NOT NULL,
    weight INTEGER NOT NULL,
    weight_unit TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    is_discounted INTEGER NOT NULL DEFAULT 0,
    is_kgt INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    moderate_status TEXT NOT NULL,
    validation_status TEXT NOT NULL,
    status_updated_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    fbo_present INTEGER NOT NULL DEFAULT 0,
    fbo_reserved INTEGER NOT NULL DEFAULT 0,
    auto_action_enabled INTEGER NOT NULL DEFAULT 0,
    commission_fbs REAL NOT NULL,
    commission_fbo REAL NOT NULL,
    popularity REAL NOT NULL,
    UNIQUE (store_id, offer_id)
  );
  CREATE INDEX products_store ON products(store_id, product_id);

  CREATE TABLE stocks (
    product_id INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    present INTEGER NOT NULL,
    reserved INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, warehouse_id)
  );
  CREATE INDEX stocks_store ON stocks(store_id, product_id);

  -- per-item limit bookkeeping (limits clock, see protocol/limits-clock.ts)
  CREATE TABLE stock_writes (product_id INTEGER NOT NULL, warehouse_id INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (product_id, warehouse_id));
  CREATE TABLE price_writes (product_id INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX price_writes_p ON price_writes(product_id, at);

  CREATE TABLE import_tasks (
    task_id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ready_at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    result TEXT
  );
  CREATE TABLE quota_usage (store_id INTEGER NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (store_id, day, kind));

  CREATE TABLE postings (
    posting_number TEXT PRIMARY KEY,
    store_id INTEGER NOT NULL,
    scheme TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    order_number TEXT NOT NULL,
    warehouse_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    substatus TEXT NOT NULL,
    previous_substatus TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    in_process_at INTEGER NOT NULL,
    shipment_date INTEGER NOT NULL,
    status_changed_at INTEGER NOT NULL,
    packed_at INTEGER,
    delivering_date INTEGER,
    delivered_at INTEGER,
    next_event_at INTEGER,
    next_event TEXT NOT NULL DEFAULT '',
    cancel_reason_id INTEGER NOT NULL DEFAULT 0,
    cancel_reason TEXT NOT NULL DEFAULT '',
    cancellation_type TEXT NOT NULL DEFAULT '',
    cancellation_initiator TEXT NOT NULL DEFAULT '',
    cancelled_after_ship INTEGER NOT NULL DEFAULT 0,
    tracking_number TEXT NOT NULL DEFAULT '',
    parent_posting_number TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL,
    city TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    delivery_type TEXT NOT NULL,
    payment_type TEXT NOT NULL,
    is_premium INTEGER NOT NULL,
    is_express INTEGER NOT NULL,
    cluster_from TEXT NOT NULL,
    cluster_to TEXT NOT NULL,
    barcode TEXT NOT NULL,
    ship_attempts INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX postings_store_scheme ON postings(store_id, scheme, in_process_at, posting_number);
  CREATE INDEX postings_next ON postings(next_event_at);
  CREATE INDEX postings_delivered ON postings(store_id, delivered_at);
  CREATE INDEX postings_created ON postings(store_id, created_at);
  CREATE INDEX postings_order ON postings(order_id);

  CREATE TABLE posting_items (
    posting_number TEXT NOT NULL,
    line INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    sku INTEGER NOT NULL,
    offer_id TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    price REAL NOT NULL,
    old_price REAL NOT NULL,
    commission_percent REAL NOT NULL,
    PRIMARY KEY (posting_number, line)
  );

  CREATE TABLE returns (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    schema TEXT NOT NULL,
    type TEXT NOT NULL,
    posting_number TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    order_number TEXT NOT NULL,
    product_id INTEGER NOT NULL,
    sku INTEGER NOT NULL,
    offer_id TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    price REAL NOT NULL,
    commission_percent REAL NOT NULL,
    reason TEXT NOT NULL,
    warehouse_id INTEGER NOT NULL,
    status_id INTEGER NOT NULL,
    status_sys TEXT NOT NULL,
    status_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    final_at INTEGER,
    barcode TEXT NOT NULL,
    next_event_at INTEGER
  );
  CREATE INDEX returns_store ON returns(store_id, id);
  CREATE INDEX returns_next ON returns(next_event_at);

  CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    store_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sku INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    rating INTEGER NOT NULL,
    status TEXT NOT NULL,
    order_status TEXT NOT NULL,
    photos_amount INTEGER NOT NULL,
    videos_amount INTEGER NOT NULL,
    is_rating_participant INTEGER NOT NULL
  );
  CREATE INDEX reviews_store ON reviews(store_id, published_at, seq);
  CREATE TABLE review_comments (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    is_owner INTEGER NOT NULL,
    is_official INTEGER NOT NULL,
    parent_comment_id TEXT NOT NULL
  );

  CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    store_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sku INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    author_name TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    status TEXT NOT NULL
  );
  CREATE INDEX questions_store ON questions(store_id, published_at, seq);
  CREATE TABLE answers (
    id TEXT PRIMARY KEY,
    question_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sku INTEGER NOT NULL,
    text TEXT NOT NULL,
    author_name TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    status_publication TEXT NOT NULL
  );

  CREATE TABLE chats (
    chat_id TEXT PRIMARY KEY,
    store_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    chat_type TEXT NOT NULL,
    chat_status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    posting_number TEXT NOT NULL,
    sku INTEGER NOT NULL,
    last_activity INTEGER NOT NULL
  );
  CREATE INDEX chats_store ON chats(store_id, created_at, seq);
  CREATE INDEX answers_question ON answers(question_id, seq);
  CREATE INDEX comments_review ON review_comments(review_id, seq);
  -- message_id is a uint64 above 2^53: stored as TEXT, compared via its zero-padded form
  CREATE TABLE chat_messages (
    message_id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    user_type TEXT NOT NULL,
    user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    is_read INTEGER NOT NULL
  );
  CREATE INDEX chat_messages_chat ON chat_messages(chat_id, sort_key);

  CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    action_type TEXT NOT NULL,
    description TEXT NOT NULL,
    date_start INTEGER NOT NULL,
    date_end INTEGER NOT NULL,
    discount_type TEXT NOT NULL,
    discount_value REAL NOT NULL,
    with_targeting INTEGER NOT NULL,
    is_voucher_action INTEGER NOT NULL
  );
  CREATE TABLE action_products (
    action_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    action_price REAL NOT NULL,
    stock INTEGER NOT NULL,
    add_mode TEXT NOT NULL,
    PRIMARY KEY (action_id, product_id)
  );

  CREATE TABLE transactions (
    operation_id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    operation_type TEXT NOT NULL,
    operation_type_name TEXT NOT NULL,
    operation_date INTEGER NOT NULL,
    type TEXT NOT NULL,
    posting_number TEXT NOT NULL,
    delivery_schema TEXT NOT NULL,
    order_date INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    accruals_for_sale REAL NOT NULL,
    sale_commission REAL NOT NULL,
    amount REAL NOT NULL,
    items TEXT NOT NULL,
    services TEXT NOT NULL
  );
  CREATE INDEX transactions_store ON transactions(store_id, operation_date, operation_id);
  CREATE INDEX action_products_product ON action_products(product_id);
  CREATE INDEX import_pending ON import_tasks(ready_at) WHERE result IS NULL;

  CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    payment_type TEXT NOT NULL,
    adv_object_type TEXT NOT NULL,
    budget INTEGER NOT NULL,
    daily_budget INTEGER NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE perf_tokens (token TEXT PRIMARY KEY, store_id INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  `,
  // Promotion candidates (live products not in the action) are counted and
  // paged per request: covered by this index it is an index walk, not a read
  // of every product row (~150 ms a page at 10k products, which stalled the
  // connector sharing the process in tests and the bench).
  `
  CREATE INDEX products_live ON products(store_id, archived, product_id, price);
  `,
];
