/**
 * One real workspace server per harness (SQLite temp file or a fresh
 * PostgreSQL database), driven through fastify.inject. No mocks: messages go
 * to the dev outbox (read from the DB) or to the real SMTP helper.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type BuiltApp } from '../../../src/server/app';
import { RATE_LIMITED_ACTIONS, type RateRule, type SecurityLimits, type ServerOptions } from '../../../src/server/config';
import { readOutbox, type OutboxMessage } from '../../../src/server/messaging/outbox';
import type { AuthResult, DeviceInfo } from '../../../src/shared/http/auth';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

export type DbKind = 'sqlite' | 'postgres';
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

export const PASSWORD = 'Velvet-Harbor-Lantern-42';

/** Every rate limit far above what a test does; tests that probe limits set their own. */
export function relaxedRateLimits(): SecurityLimits['rateLimits'] {
  const all: Partial<Record<(typeof RATE_LIMITED_ACTIONS)[number], Partial<RateRule>>> = {};
  for (const a of RATE_LIMITED_ACTIONS) all[a] = { perIp: 100_000, perKey: 100_000 };
  return all;
}

export function device(id = `dev-${randomBytes(4).toString('hex')}`, token?: string): DeviceInfo {
  return { id, name: `Test ${id}`, platform: 'windows', ...(token ? { token } : {}) };
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

export interface Harness {
  kind: DbKind;
  built: BuiltApp;
  request<T = any>(method: string, url: string, opts?: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string }): Promise<Response<T>>;
  outbox(to: string): Promise<OutboxMessage[]>;
  /** waits for the newest outbox message to `to` created after `since` (ms) matching `predicate` */
  waitForOutbox(to: string, since: number, predicate?: (m: OutboxMessage) => boolean, timeoutMs?: number): Promise<OutboxMessage>;
  /** waits for a message carrying a 6-digit code (notices sent in the background are skipped) and returns the code */
  waitForCode(to: string, since: number): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(kind: DbKind, opts: Partial<ServerOptions> = {}, deps: Parameters<typeof buildApp>[1] = {}): Promise<Harness> {
  let pg: TestDatabase | null = null;
  let sqliteDir: string | null = null;
  const serverOpts: ServerOptions = {
    logLevel: 'silent',
    setupOpen: true,
    publicUrl: 'http://sellerdesk.test',
    ...opts,
    limits: { lockBaseSeconds: 1, ...opts.limits, rateLimits: { ...relaxedRateLimits(), ...(opts.limits?.rateLimits ?? {}) } },
  };
  if (kind === 'postgres') {
    pg = await createTestDatabase();
    serverOpts.databaseUrl = pg.url;
  } else {
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sellerdesk-test-'));
    serverOpts.sqlitePath = path.join(sqliteDir, 'nested', 'sellerdesk.db');
  }
  const built = await buildApp(serverOpts, deps);
  const h: Harness = {
    kind,
    built,
    async request(method, url, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let payload: string | undefined;
      if (o.rawBody !== undefined) payload = o.rawBody;
      else if (o.body !== undefined) {
        payload = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await built.app.inject({ method: method as 'GET', url, headers, payload });
      let body: unknown = res.body;
      if (/json/.test(String(res.headers['content-type'] ?? ''))) body = res.json();
      return { status: res.statusCode, body: body as any, headers: res.headers, raw: res };
    },
    outbox: (to) => readOutbox(built.db, { to, limit: 100 }),
    async waitForOutbox(to, since, predicate = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const recent = await readOutbox(built.db, { to, limit: 20 });
        const latest = recent.find((m) => Date.parse(m.createdAt) >= since - 5 && predicate(m));
        if (latest) return latest;
        if (Date.now() > deadline) throw new Error(`no outbox message to ${to} since ${new Date(since).toISOString()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async waitForCode(to, since) {
      const m = await h.waitForOutbox(to, since, (msg) => hasCode(msg.body));
      return codeIn(m.body);
    },
    async close() {
      await built.close();
      if (pg) await pg.drop();
      if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The server options that open `h`'s database again: a restarted server (crash and resume tests) sees the same rows. */
export function sameDatabase(h: Harness): Pick<ServerOptions, 'databaseUrl' | 'sqlitePath'> {
  const cfg = h.built.ctx.config.db;
  return cfg.kind === 'postgres' ? { databaseUrl: cfg.url } : { sqlitePath: cfg.path };
}

/** A standalone 6-digit code: never digits inside a link token (base64url is word chars and '-'). */
const CODE_RE = /(?:^|[^\w-])(\d{6})(?![\w-])/;

export function hasCode(text: string): boolean {
  return CODE_RE.test(text);
}

/** Pulls the 6-digit code out of an email/SMS text. */
export function codeIn(text: string): string {
  const m = CODE_RE.exec(text);
  if (!m) throw new Error(`no code in: ${text}`);
  return m[1]!;
}

export interface Owner {
  email: string;
  phone: string | null;
  password: string;
  device: DeviceInfo;
  auth: Extract<AuthResult, { status: 'authenticated' }>;
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}@example.com`;
}

/** Creates the workspace owner via POST /workspace/setup; the returned device is trusted. */
export async function setupOwner(h: Harness, extra: { phone?: string; email?: string; locale?: 'en' | 'ru' | 'zh-CN' } = {}): Promise<Owner> {
  const email = extra.email ?? uniqueEmail('owner');
  const d = device();
  const res = await h.request('POST', '/api/v1/workspace/setup', {
    body: { workspaceName: 'Test Shop', name: 'Olga Owner', email, ...(extra.phone ? { phone: extra.phone } : {}), password: PASSWORD, locale: extra.locale ?? 'en', device: d },
  });
  if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, phone: res.body.account.phone, password: PASSWORD, device: { ...d, token: res.body.deviceToken }, auth: res.body };
}

export function login(h: Harness, identifier: string, password: string, d: DeviceInfo) {
  return h.request('POST', '/api/v1/auth/login', { body: { identifier, password, device: d } });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
