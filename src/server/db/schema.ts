/**
 * Kysely table types. Portable across SQLite and PostgreSQL by construction:
 * ids are text (ULIDs), timestamps are ISO-8601 UTC text (lexicographic order =
 * time order), flags are integers 0/1. Every workspace-owned row carries
 * workspace_id so later features (stores, change feed) add tables without
 * reshaping these.
 */
export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface AccountsTable {
  id: string;
  workspace_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  role: string;
  status: string; // 'active' | 'disabled'
  locale: string;
  two_factor_method: string | null; // 'totp' | 'sms' | 'email'
  totp_secret: string | null;
  totp_pending_secret: string | null;
  /** last accepted TOTP time step; codes at or before it are refused (replay) */
  totp_last_step: number | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  workspace_id: string;
  account_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface TrustedDevicesTable {
  id: string;
  workspace_id: string;
  account_id: string;
  device_id: string;
  token_hash: string;
  name: string;
  platform: string;
  created_at: string;
  last_used_at: string;
  revoked_at: string | null;
}

export interface SessionsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  device_id: string;
  device_name: string;
  platform: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface AccessTokensTable {
  token_hash: string;
  session_id: string;
  expires_at: string;
  created_at: string;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  /** set when rotated; presenting it again is reuse */
  used_at: string | null;
}

export interface LoginChallengesTable {
  id: string;
  workspace_id: string;
  account_id: string;
  kind: string; // 'new_device' | 'two_factor'
  status: string; // 'pending' | 'approved' | 'completed' | 'failed'
  device_id: string;
  device_name: string;
  platform: string;
  ip: string | null;
  user_agent: string | null;
  locale: string;
  attempts: number;
  sends_count: number;
  sent_via: string | null;
  last_sent_at: string | null;
  link_token_hash: string | null;
  approved_at: string | null;
  /** two_factor step that follows a verified new_device: trust the device once it completes */
  device_verified: number;
  created_at: string;
  expires_at: string;
}

export interface OneTimeCodesTable {
  id: string;
  workspace_id: string | null;
  account_id: string | null;
  purpose: string; // 'challenge' | 'password_reset' | 'two_factor_enroll' | 'invitation'
  ref_id: string;
  channel: string; // 'email' | 'sms'
  destination: string;
  code_hash: string;
  attempts: number;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface LockoutsTable {
  /** 'acct:<id>' for known accounts, 'ident:<kind>:<value>' for unknown identifiers */
  key: string;
  workspace_id: string | null;
  account_id: string | null;
  failures: number;
  locked_until: string | null;
  permanent: number;
  updated_at: string;
}

export interface SecurityEventsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  type: string;
  ip: string | null;
  device_name: string | null;
  user_agent: string | null;
  detail: string | null;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: string;
  invited_by: string;
  locale: string;
  status: string; // 'pending' | 'accepted' | 'revoked' (expired is derived)
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  account_id: string | null;
}

export interface SupportTicketsTable {
  id: string;
  workspace_id: string | null;
  contact: string;
  identifier: string | null;
  message: string;
  locale: string | null;
  ip: string | null;
  status: string;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  workspace_id: string | null;
  channel: string; // 'email' | 'sms'
  recipient: string;
  subject: string | null;
  body: string;
  created_at: string;
}

/** Process-wide facts, e.g. 'setup_done' guarding the one-time workspace creation. */
export interface ServerMetaTable {
  key: string;
  value: string;
  created_at: string;
}

/** A linked Ozon store (issue 3). Secrets live in the key vault, never here. */
export interface StoresTable {
  id: string;
  workspace_id: string;
  name: string;
  client_id: string;
  key_ref: string; // the vault holding its keys: 'keychain' | 'encrypted' | 'sandbox' (sandbox stores since 2026-11)
  has_performance: number;
  status: string; // StoreStatus
  seller_name: string | null;
  key_expires_at: string | null;
  last_checked_at: string | null;
  last_check_error: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoreSecretsTable {
  store_id: string;
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
  created_at: string;
}

/** bigint: PostgreSQL returns it as a string, SQLite as a number; read with Number(). */
export type BigIntColumn = number | string;

export interface WorkspaceSeqTable {
  workspace_id: string;
  last_seq: BigIntColumn;
}

export interface ChangeFeedTable {
  workspace_id: string;
  seq: BigIntColumn;
  store_id: string | null;
  entity: string;
  row_key: string;
  op: string; // 'upsert' | 'delete'
  created_at: string;
}

export interface ImportCheckpointsTable {
  store_id: string;
  entity: string;
  mode: string; // 'full' | 'incremental'
  state: string; // 'pending' | 'running' | 'done' | 'failed'
  run_id: string | null;
  phase: string | null;
  cursor: string | null;
  done: number;
  total: number | null;
  started_at: string | null;
  finished_at: string | null;
  last_success_at: string | null;
  next_run_at: string | null;
  error: string | null;
  updated_at: string;
}

export interface JobsTable {
  id: string;
  workspace_id: string;
  store_id: string;
  kind: string;
  state: string;
  change_set_id: string | null;
  created_by: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  total_items: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobItemsTable {
  id: string;
  job_id: string;
  store_id: string;
  position: number;
  item_key: string;
  payload: string;
  state: string; // 'pending' | 'sending' | 'applied' | 'failed' | 'drifted'
  attempts: number;
  batch_id: string | null;
  sent_at: string | null;
  not_before: string | null;
  error_code: string | null;
  error_message: string | null;
  readback: string | null;
  updated_at: string;
}

/**
 * Store-data envelope (migration 0006): natural key + JSON document + hash,
 * version (change-feed seq), tombstone and the full-import run that saw it.
 */
export interface StoreDataEnvelope {
  store_id: string;
  workspace_id: string;
  data: string;
  hash: string;
  version: BigIntColumn;
  deleted: number;
  seen_run: string | null;
  updated_at: string;
}
export interface WarehousesTable extends StoreDataEnvelope {
  warehouse_id: string;
}
export interface CategoriesTable extends StoreDataEnvelope {
  description_category_id: string;
  type_id: string;
}
export interface CategoryAttributesTable extends StoreDataEnvelope {
  description_category_id: string;
  type_id: string;
}
export interface ProductsTable extends StoreDataEnvelope {
  product_id: string;
  offer_id: string | null;
  sku: string | null;
}
export interface StocksTable extends StoreDataEnvelope {
  product_id: string;
  warehouse_id: string;
}
export interface PostingsTable extends StoreDataEnvelope {
  posting_number: string;
  scheme: string | null;
  status: string | null;
  in_process_at: string | null;
}
export interface ReturnsTable extends StoreDataEnvelope {
  return_id: string;
}
export interface PromotionsTable extends StoreDataEnvelope {
  action_id: string;
}
export interface PromotionProductsTable extends StoreDataEnvelope {
  action_id: string;
  product_id: string;
}
export interface ReviewsTable extends StoreDataEnvelope {
  review_id: string;
}
export interface ReviewCommentsTable extends StoreDataEnvelope {
  comment_id: string;
  review_id: string | null;
}
export interface QuestionsTable extends StoreDataEnvelope {
  question_id: string;
}
export interface QuestionAnswersTable extends StoreDataEnvelope {
  answer_id: string;
  question_id: string | null;
}
export interface ChatsTable extends StoreDataEnvelope {
  chat_id: string;
}
export interface ChatMessagesTable extends StoreDataEnvelope {
  chat_id: string;
  message_id: string;
}
export interface CampaignsTable extends StoreDataEnvelope {
  campaign_id: string;
}
export interface CampaignStatsTable extends StoreDataEnvelope {
  campaign_id: string;
  date: string;
}
export interface FinanceTransactionsTable extends StoreDataEnvelope {
  operation_id: string;
}

export interface DB {
  workspaces: WorkspacesTable;
  accounts: AccountsTable;
  recovery_codes: RecoveryCodesTable;
  trusted_devices: TrustedDevicesTable;
  sessions: SessionsTable;
  access_tokens: AccessTokensTable;
  refresh_tokens: RefreshTokensTable;
  login_challenges: LoginChallengesTable;
  one_time_codes: OneTimeCodesTable;
  lockouts: LockoutsTable;
  security_events: SecurityEventsTable;
  invitations: InvitationsTable;
  support_tickets: SupportTicketsTable;
  outbox: OutboxTable;
  server_meta: ServerMetaTable;
  stores: StoresTable;
  store_secrets: StoreSecretsTable;
  workspace_seq: WorkspaceSeqTable;
  change_feed: ChangeFeedTable;
  import_checkpoints: ImportCheckpointsTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  warehouses: WarehousesTable;
  categories: CategoriesTable;
  category_attributes: CategoryAttributesTable;
  products: ProductsTable;
  stocks: StocksTable;
  postings: PostingsTable;
  returns: ReturnsTable;
  promotions: PromotionsTable;
  promotion_products: PromotionProductsTable;
  reviews: ReviewsTable;
  review_comments: ReviewCommentsTable;
  questions: QuestionsTable;
  question_answers: QuestionAnswersTable;
  chats: ChatsTable;
  chat_messages: ChatMessagesTable;
  campaigns: CampaignsTable;
  campaign_stats: CampaignStatsTable;
  finance_transactions: FinanceTransactionsTable;
}

/** Idempotency record of a pushed mutation (migration 0010, issue 4). */
export interface SyncMutationsTable {
  workspace_id: string;
  mutation_id: string;
  account_id: string;
  store_id: string;
  entity: string;
  row_key: string;
  change_set_id: string | null;
  status: string; // 'applied' | 'conflict' | 'rejected'
  result: string; // MutationResult JSON
  seq: BigIntColumn | null;
  created_at: string;
}

// declaration merging: the sync tables join DB without touching the interface above
export interface DB {
  sync_mutations: SyncMutationsTable;
}

/** Columns migration 0020 adds to job_items (export runner, issue 3). */
export interface JobItemsTable {
  workspace_id: string | null;
  kind: string | null; // ExportKind
  entity: string | null; // store-data entity of the row the item changes ('product' | 'stock' | …)
  row_key: string | null;
  change_set_id: string | null;
  source_mutation_id: string | null;
  attempt_id: string | null;
  superseded_by: string | null;
  created_at: string | null;
  settled_at: string | null;
  /** JSON: the row's values of the item's fields before the edit, i.e. what Ozon had (migration 0031; conflict `ozon`) */
  ozon_before: string | null;
}

/**
 * Columns migration 0030 adds to stores (per-store Ozon endpoint, issue 3).
 * Optional in the type because the column has a default ('ozon'): writers that
 * predate it insert real-Ozon stores unchanged; readers treat missing as 'ozon'.
 */
export interface StoresTable {
  endpoint_kind?: string; // StoreEndpointKind: 'ozon' | 'sandbox'
  /** the sandbox's base URL; null for 'ozon' (the configured Ozon URLs) */
  endpoint_url?: string | null;
}
