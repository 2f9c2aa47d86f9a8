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
}
