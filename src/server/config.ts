/**
 * Server configuration: the public ServerOptions (what embedders pass) and the
 * resolved ServerConfig every module reads. Security limits live here so tests
 * can shrink time windows without touching the code paths they exercise.
 */
import path from 'node:path';

/** One rate-limit rule: at most `perIp` hits per IP and `perKey` per identifier/account within the window. */
export interface RateRule {
  perIp: number;
  perKey: number;
  windowSeconds: number;
}

export const RATE_LIMITED_ACTIONS = [
  'login',
  'challengeSend',
  'challengeVerify',
  'challengePoll',
  'verifyLink',
  'refresh',
  'logout',
  'forgot',
  'reset',
  'setup',
  'support',
  'invitationAccept',
  'invite',
  'reauth',
  'otpSend',
  'otpConfirm',
] as const;
export type RateLimitedAction = (typeof RATE_LIMITED_ACTIONS)[number];

export interface SecurityLimits {
  /** consecutive failures that lock an identifier */
  lockThreshold: number;
  /** first lock length; doubles with each further failure */
  lockBaseSeconds: number;
  /** failures at which the lock becomes permanent until support/reset */
  permanentLockAt: number;
  codeTtlSeconds: number;
  resendCooldownSeconds: number;
  maxSendsPerChallenge: number;
  maxCodeAttempts: number;
  /** access token lifetime; clamped to 900 whatever is configured */
  accessTtlSeconds: number;
  refreshTtlDays: number;
  challengeTtlSeconds: number;
  invitationTtlDays: number;
  /** a remembered device must be seen at least this often to stay trusted */
  trustedDeviceDays: number;
  /** overrides per action; missing actions use DEFAULT_RATE_LIMITS */
  rateLimits: Partial<Record<RateLimitedAction, Partial<RateRule>>>;
}

export const MAX_ACCESS_TTL_SECONDS = 900;

export const DEFAULT_RATE_LIMITS: Record<RateLimitedAction, RateRule> = {
  login: { perIp: 30, perKey: 10, windowSeconds: 60 },
  challengeSend: { perIp: 20, perKey: 6, windowSeconds: 300 },
  challengeVerify: { perIp: 30, perKey: 10, windowSeconds: 60 },
  challengePoll: { perIp: 240, perKey: 120, windowSeconds: 60 },
  verifyLink: { perIp: 30, perKey: 10, windowSeconds: 60 },
  refresh: { perIp: 60, perKey: 20, windowSeconds: 60 },
  logout: { perIp: 60, perKey: 20, windowSeconds: 60 },
  forgot: { perIp: 10, perKey: 3, windowSeconds: 600 },
  reset: { perIp: 20, perKey: 10, windowSeconds: 600 },
  setup: { perIp: 10, perKey: 10, windowSeconds: 600 },
  support: { perIp: 5, perKey: 3, windowSeconds: 600 },
  invitationAccept: { perIp: 20, perKey: 10, windowSeconds: 600 },
  invite: { perIp: 30, perKey: 20, windowSeconds: 3600 },
  reauth: { perIp: 30, perKey: 10, windowSeconds: 600 },
  otpSend: { perIp: 20, perKey: 5, windowSeconds: 900 },
  otpConfirm: { perIp: 30, perKey: 10, windowSeconds: 600 },
};

export const DEFAULT_LIMITS: SecurityLimits = {
  lockThreshold: 5,
  lockBaseSeconds: 900,
  permanentLockAt: 10,
  codeTtlSeconds: 600,
  resendCooldownSeconds: 60,
  maxSendsPerChallenge: 5,
  maxCodeAttempts: 5,
  accessTtlSeconds: 900,
  refreshTtlDays: 30,
  challengeTtlSeconds: 900,
  invitationTtlDays: 7,
  trustedDeviceDays: 180,
  rateLimits: {},
};

export interface ServerOptions {
  /** postgres://… → PostgreSQL; else SQLite */
  databaseUrl?: string;
  /** default ./.data/sellerdesk.db (directories are created) */
  sqlitePath?: string;
  /** passed to better-sqlite3's `nativeBinding` (the Electron app passes an Electron-ABI build) */
  sqliteNativeBinding?: string;
  host?: string;
  /** default 8787; 0 picks a random free port */
  port?: number;
  /** embedded servers: the first visitor may create the owner via POST /api/v1/workspace/setup */
  setupOpen?: boolean;
  /** base for links in emails (default the listen URL) */
  publicUrl?: string;
  smtpUrl?: string;
  mailFrom?: string;
  smsWebhookUrl?: string;
  trustProxy?: boolean;
  /** pino level; 'silent' in tests */
  logLevel?: string;
  limits?: Partial<SecurityLimits>;
  /** where Ozon keys live: OS keychain (default when setupOpen, i.e. embedded) or AES-GCM in the DB (default otherwise) */
  keyVault?: KeyVaultKind;
  /** 32 bytes (64 hex or base64) for the encrypted vault; env SELLERDESK_MASTER_KEY */
  masterKey?: string;
  ozon?: OzonOptions;
  /** pino destination (tests capture logs); default stdout */
  logStream?: { write(msg: string): void };
}

export type KeyVaultKind = 'keychain' | 'encrypted';

/** Import entities with their own refresh schedule (issue 3, first phase). */
export const IMPORT_ENTITIES = [
  'warehouses',
  'categories',
  'products',
  'prices',
  'stocks',
  'postings_fbs',
  'postings_fbo',
  'category_attributes',
  'returns',
  'promotions',
  'reviews',
  'questions',
  'chats',
  'finance',
  'campaigns',
] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const DEFAULT_REFRESH_SECONDS: Record<ImportEntity, number> = {
  warehouses: 3600,
  categories: 86_400,
  products: 900,
  prices: 300,
  stocks: 120,
  postings_fbs: 60,
  postings_fbo: 600,
  category_attributes: 86_400,
  returns: 900,
  promotions: 1800,
  reviews: 120,
  questions: 120,
  chats: 60,
  finance: 900,
  campaigns: 3600,
};

export interface OzonOptions {
  /** Seller API base URL (default https://api-seller.ozon.ru; the sandbox's URL in development); env OZON_SELLER_URL */
  sellerUrl?: string;
  timeoutMs?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** start per-store import workers (default true) */
  autoImport?: boolean;
  refreshSeconds?: Partial<Record<ImportEntity, number>>;
  /** days of posting history in the first import (default 30; Ozon allows at most a year per request) */
  postingsHistoryDays?: number;
  /** warn this many days before the key expires (default 14) */
  keyWarningDays?: number;
  /** concurrent description requests per store (default 8) */
  descriptionConcurrency?: number;
  /** observes every Ozon exchange (contract tests) */
  onExchange?: (e: { method: 'GET' | 'POST'; path: string; request: unknown; status: number | null; attempt: number; clientId: string }) => void;
  /**
   * Performance (ads) API base URL; env OZON_PERFORMANCE_URL. Default
   * https://api-performance.ozon.ru — or `sellerUrl` when that points somewhere
   * other than Ozon (the sandbox serves both APIs on one port).
   */
  performanceUrl?: string;
  /** Performance API requests per second per Performance client id (default 5) */
  performancePerSecond?: number;
  /** history depth of the first import: finance transactions (default 90 days), reviews/questions/returns/chats: everything Ozon lists */
  financeHistoryDays?: number;
  /** days of ad statistics in the first import (default 30) and re-read by each refresh (default 3: recent days still change) */
  campaignStatsDays?: number;
  campaignStatsRefreshDays?: number;
  /** an incremental refresh of reviews/questions re-reads this many recent days (status and comment changes; default 7) */
  feedbackRecentDays?: number;
  /** observes every Performance API exchange (contract tests) */
  onPerformanceExchange?: (e: { method: string; path: string; query: Record<string, string[]>; request: unknown; status: number | null; attempt: number }) => void;
  /**
   * Which base URLs a `sandbox` store may use; env OZON_SANDBOX_URLS.
   * 'loopback' (default when embedded): any http URL on a loopback address; 'off' (default on a team server): no
   * sandbox stores; a list: exactly these base URLs (e.g. a shared sandbox).
   */
  sandboxUrls?: SandboxUrlPolicy;
}

export type SandboxUrlPolicy = 'loopback' | 'off' | string[];

export interface ResolvedOzonConfig {
  sellerUrl: string;
  timeoutMs: number;
  retry: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  autoImport: boolean;
  refreshSeconds: Record<ImportEntity, number>;
  postingsHistoryDays: number;
  keyWarningDays: number;
  descriptionConcurrency: number;
  onExchange: OzonOptions['onExchange'];
  performanceUrl: string;
  performancePerSecond: number;
  financeHistoryDays: number;
  campaignStatsDays: number;
  campaignStatsRefreshDays: number;
  feedbackRecentDays: number;
  onPerformanceExchange: OzonOptions['onPerformanceExchange'];
  sandboxUrls: SandboxUrlPolicy;
}

export interface ServerConfig {
  db: { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string; nativeBinding?: string };
  host: string;
  port: number;
  setupOpen: boolean;
  /** resolved once the server listens when not configured */
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  smsWebhookUrl: string | undefined;
  trustProxy: boolean;
  logLevel: string;
  limits: SecurityLimits;
  keyVault: KeyVaultKind;
  masterKey: string | undefined;
  ozon: ResolvedOzonConfig;
  logStream: ServerOptions['logStream'];
}

export const DEFAULT_MAIL_FROM = 'Sellerdesk <no-reply@sellerdesk.local>';
export const DEFAULT_SQLITE_PATH = path.join('.data', 'sellerdesk.db');

export function mergeLimits(partial: Partial<SecurityLimits> | undefined): SecurityLimits {
  const merged: SecurityLimits = { ...DEFAULT_LIMITS, ...(partial ?? {}) };
  merged.rateLimits = { ...(partial?.rateLimits ?? {}) };
  // Invariant: an access token never lives longer than 15 minutes.
  merged.accessTtlSeconds = Math.max(1, Math.min(merged.accessTtlSeconds, MAX_ACCESS_TTL_SECONDS));
  return merged;
}

export function rateRule(limits: SecurityLimits, action: RateLimitedAction): RateRule {
  return { ...DEFAULT_RATE_LIMITS[action], ...(limits.rateLimits[action] ?? {}) };
}

export function resolveConfig(opts: ServerOptions): ServerConfig {
  const isPg = !!opts.databaseUrl && /^postgres(ql)?:\/\//i.test(opts.databaseUrl);
  return {
    db: isPg
      ? { kind: 'postgres', url: opts.databaseUrl! }
      : {
          kind: 'sqlite',
          path: path.resolve(opts.sqlitePath ?? DEFAULT_SQLITE_PATH),
          nativeBinding: opts.sqliteNativeBinding,
        },
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 8787,
    setupOpen: opts.setupOpen ?? false,
    publicUrl: opts.publicUrl?.replace(/\/+$/, ''),
    smtpUrl: opts.smtpUrl || undefined,
    mailFrom: opts.mailFrom || DEFAULT_MAIL_FROM,
    smsWebhookUrl: opts.smsWebhookUrl || undefined,
    trustProxy: opts.trustProxy ?? false,
    logLevel: opts.logLevel ?? 'info',
    limits: mergeLimits(opts.limits),
    keyVault: opts.keyVault ?? (opts.setupOpen ? 'keychain' : 'encrypted'),
    masterKey: opts.masterKey || undefined,
    ozon: {
      sellerUrl: (opts.ozon?.sellerUrl ?? 'https://api-seller.ozon.ru').replace(/\/+$/, ''),
      timeoutMs: opts.ozon?.timeoutMs ?? 30_000,
      retry: opts.ozon?.retry ?? {},
      autoImport: opts.ozon?.autoImport ?? true,
      refreshSeconds: { ...DEFAULT_REFRESH_SECONDS, ...(opts.ozon?.refreshSeconds ?? {}) },
      postingsHistoryDays: Math.min(365, Math.max(1, opts.ozon?.postingsHistoryDays ?? 30)),
      keyWarningDays: opts.ozon?.keyWarningDays ?? 14,
      descriptionConcurrency: Math.max(1, opts.ozon?.descriptionConcurrency ?? 8),
      onExchange: opts.ozon?.onExchange,
      performanceUrl: resolvePerformanceUrl(opts.ozon),
      performancePerSecond: Math.max(0.1, opts.ozon?.performancePerSecond ?? 5),
      financeHistoryDays: Math.min(365, Math.max(1, opts.ozon?.financeHistoryDays ?? 90)),
      campaignStatsDays: Math.min(365, Math.max(1, opts.ozon?.campaignStatsDays ?? 30)),
      campaignStatsRefreshDays: Math.min(62, Math.max(1, opts.ozon?.campaignStatsRefreshDays ?? 3)),
      feedbackRecentDays: Math.min(365, Math.max(1, opts.ozon?.feedbackRecentDays ?? 7)),
      onPerformanceExchange: opts.ozon?.onPerformanceExchange,
      // a team server would otherwise let any store manager make it call its own loopback ports
      sandboxUrls: opts.ozon?.sandboxUrls ?? (opts.setupOpen ? 'loopback' : 'off'),
    },
    logStream: opts.logStream,
  };
}

function resolvePerformanceUrl(o: OzonOptions | undefined): string {
  const seller = o?.sellerUrl?.replace(/\/+$/, '');
  const url = o?.performanceUrl ?? (seller && !/^https:\/\/api-seller\.ozon\.ru$/i.test(seller) ? seller : 'https://api-performance.ozon.ru');
  return url.replace(/\/+$/, '');
}

function envFlag(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return /^(1|true|yes|on)$/i.test(v.trim());
}

/** Reads the documented environment variables; unknown/empty ones are left to defaults. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): ServerOptions {
  const opts: ServerOptions = {};
  if (env.DATABASE_URL) opts.databaseUrl = env.DATABASE_URL;
  if (env.SELLERDESK_DB) opts.sqlitePath = env.SELLERDESK_DB;
  if (env.HOST) opts.host = env.HOST;
  if (env.PORT !== undefined && env.PORT !== '') {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${env.PORT}"`);
    opts.port = port;
  }
  const setupOpen = envFlag(env.SETUP_OPEN);
  if (setupOpen !== undefined) opts.setupOpen = setupOpen;
  if (env.PUBLIC_URL) opts.publicUrl = env.PUBLIC_URL;
  if (env.SMTP_URL) opts.smtpUrl = env.SMTP_URL;
  if (env.MAIL_FROM) opts.mailFrom = env.MAIL_FROM;
  if (env.SMS_WEBHOOK_URL) opts.smsWebhookUrl = env.SMS_WEBHOOK_URL;
  const trustProxy = envFlag(env.TRUST_PROXY);
  if (trustProxy !== undefined) opts.trustProxy = trustProxy;
  if (env.LOG_LEVEL) opts.logLevel = env.LOG_LEVEL;
  if (env.KEY_VAULT) {
    if (env.KEY_VAULT !== 'keychain' && env.KEY_VAULT !== 'encrypted') throw new Error(`KEY_VAULT must be keychain or encrypted, got "${env.KEY_VAULT}"`);
    opts.keyVault = env.KEY_VAULT;
  }
  if (env.SELLERDESK_MASTER_KEY) opts.masterKey = env.SELLERDESK_MASTER_KEY;
  if (env.OZON_SELLER_URL) opts.ozon = { ...opts.ozon, sellerUrl: env.OZON_SELLER_URL };
  if (env.OZON_PERFORMANCE_URL) opts.ozon = { ...opts.ozon, performanceUrl: env.OZON_PERFORMANCE_URL };
  if (env.OZON_SANDBOX_URLS) opts.ozon = { ...opts.ozon, sandboxUrls: parseSandboxUrls(env.OZON_SANDBOX_URLS) };
  if (env.SELLERDESK_LIMITS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.SELLERDESK_LIMITS);
    } catch {
      throw new Error('SELLERDESK_LIMITS must be a JSON object');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('SELLERDESK_LIMITS must be a JSON object');
    opts.limits = parsed as Partial<SecurityLimits>;
  }
  return opts;
}

/** OZON_SANDBOX_URLS: "loopback", "off", or comma-separated base URLs (each must parse as http(s)). */
export function parseSandboxUrls(v: string): SandboxUrlPolicy {
  const t = v.trim();
  if (t === 'loopback' || t === 'off') return t;
  return t.split(',').map((u) => {
    let url: URL;
    try {
      url = new URL(u.trim());
    } catch {
      throw new Error(`OZON_SANDBOX_URLS: "${u.trim()}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`OZON_SANDBOX_URLS: "${u.trim()}" must be http(s)`);
    return url.href.replace(/\/+$/, '');
  });
}
