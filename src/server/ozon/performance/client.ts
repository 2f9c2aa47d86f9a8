/**
 * Ozon Performance (ads) API client: OAuth client credentials
 * (POST /api/client/token → Bearer token, cached until shortly before it
 * expires and shared by every call of the store), then GET reads with the
 * token. Pacing is its own: a sliding window per Performance client id
 * (process-wide), separate from the Seller API's per-Client-Id budget.
 *
 * Invariants: the client secret and the token live only in closures / private
 * fields and request headers; never logged or put into errors. A 401 on a
 * read refreshes the token once. 429/5xx/network errors are retried with
 * exponential back-off and full jitter. Errors are OzonApiError with path
 * prefixed "performance:" so the import worker never mistakes a bad ads
 * secret for a bad Seller API key.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from '../client';
import { OzonApiError, type OzonErrorKind } from '../errors';
import { SlidingWindowGate, sleep } from '../gate';
import { parseJsonLossless } from '../json';

export const OZON_PERFORMANCE_URL = 'https://api-performance.ozon.ru';
/** renew this long before Ozon's expiry (clock skew, request latency) */
const TOKEN_EARLY_MS = 60_000;

export interface PerformanceExchange {
  method: string;
  path: string;
  query: Record<string, string[]>;
  request: unknown;
  status: number | null;
  attempt: number;
}

/**
 * One gate per ad-API budget, shared by every PerformanceClient of the process.
 * A budget is an endpoint base URL + client id: Ozon counts per client id on
 * its own host, so a sandbox store and a real store that happen to share a
 * client id must not share (or starve) each other's budget.
 */
export class PerformanceLimiter {
  private readonly gates = new Map<string, SlidingWindowGate>();
  constructor(private readonly perSecond = 5) {}

  /** the budget key for a client of `baseUrl` with `clientId` */
  static key(baseUrl: string, clientId: string): string {
    return `${baseUrl.replace(/\/+$/, '')} ${clientId}`;
  }

  gate(budget: string): SlidingWindowGate {
    let g = this.gates.get(budget);
    if (!g) {
      // a 1 s window of ⌈perSecond⌉ (or a longer window for < 1/s), plus a margin for network jitter
      const max = Math.max(1, Math.floor(this.perSecond));
      const windowMs = Math.round((1000 * max) / this.perSecond);
      g = new SlidingWindowGate(max, windowMs, 200);
      this.gates.set(budget, g);
    }
    return g;
  }
}

export interface PerformanceClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  limiter: PerformanceLimiter;
  log?: FastifyBaseLogger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onExchange?: (e: PerformanceExchange) => void;
  now?: () => number;
}

export type Query = Record<string, string | number | (string | number)[] | undefined>;

export class PerformanceClient {
  readonly clientId: string;
  private readonly baseUrl: string;
  /** the limiter budget this client draws from (base URL + client id) */
  private readonly budget: string;
  private readonly secret: () => string;
  private readonly retry: RetryPolicy;
  private token: { value: string; expiresAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;
  /** token requests made (tests: the token is reused) */
  tokenRequests = 0;

  private readonly opts: Omit<PerformanceClientOptions, 'clientSecret'>;

  constructor(options: PerformanceClientOptions) {
    const { clientSecret, ...rest } = options;
    this.opts = rest;
    // closure, not a field: the secret does not show up when the client is logged or inspected
    this.secret = () => clientSecret;
    this.clientId = rest.clientId;
    this.baseUrl = rest.baseUrl.replace(/\/+$/, '');
    this.budget = PerformanceLimiter.key(this.baseUrl, rest.clientId);
    this.retry = { ...DEFAULT_RETRY, ...rest.retry };
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A valid access token: the cached one until shortly before expiry, else a new one (concurrent callers share one request). */
  async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt - TOKEN_EARLY_MS > this.now()) return this.token.value;
    this.pendingToken ??= this.fetchToken(signal).finally(() => (this.pendingToken = null));
    return this.pendingToken;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    this.tokenRequests++;
    const body = { client_id: this.clientId, client_secret: this.secret(), grant_type: 'client_credentials' };
    const json = (await this.request('POST', '/api/client/token', {}, body, null, signal)) as { access_token?: unknown; expires_in?: unknown };
    const value = typeof json.access_token === 'string' ? json.access_token : '';
    if (!value) throw new OzonApiError({ kind: 'bad_response', path: 'performance:/api/client/token', httpStatus: 200, ozonMessage: 'no access_token' });
    const ttl = Number(json.expires_in ?? 1800);
    this.token = { value, expiresAt: this.now() + (Number.isFinite(ttl) && ttl > 0 ? ttl : 1800) * 1000 };
    return value;
  }

  /** GET `path` with `query`, validated by `schema`. */
  async get<S extends z.ZodTypeAny>(path: string, query: Query, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
    let token = await this.accessToken(signal);
    let raw: unknown;
    try {
      raw = await this.request('GET', path, query, undefined, token, signal);
    } catch (e) {
      if (!(e instanceof OzonApiError) || e.kind !== 'unauthenticated') throw e;
      // the token expired early or was revoked: one fresh token, one more try
      this.token = null;
      token = await this.accessToken(signal);
      raw = await this.request('GET', path, query, undefined, token, signal);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new OzonApiError({ kind: 'bad_response', path: `performance:${path}`, httpStatus: 200, ozonMessage: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    return parsed.data;
  }

  private async request(method: 'GET' | 'POST', path: string, query: Query, body: unknown, token: string | null, signal?: AbortSignal): Promise<unknown> {
    const qs = new URLSearchParams();
    const q: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      const vals = (Array.isArray(v) ? v : [v]).map(String);
      q[k] = vals;
      for (const x of vals) qs.append(k, x);
    }
    const url = `${this.baseUrl}${path}${qs.size ? `?${qs.toString()}` : ''}`;
    // the exchange log never carries the secret
    const logged = path === '/api/client/token' ? { client_id: this.clientId, client_secret: '***', grant_type: 'client_credentials' } : body;
    for (let attempt = 1; ; attempt++) {
      await this.opts.limiter.gate(this.budget).acquire(signal);
      let err: OzonApiError;
      try {
        return await this.once(method, url, path, q, body, logged, token, attempt, signal);
      } catch (e) {
        if (!(e instanceof OzonApiError)) throw e;
        err = e;
      }
      if (signal?.aborted) throw err;
      const retryable = err.kind === 'rate_limited' || err.kind === 'unavailable' || err.kind === 'timeout' || err.kind === 'network';
      if (!retryable || attempt >= this.retry.maxAttempts) throw err;
      const delay = backoffDelay(attempt, this.retry, (err as OzonApiError & { retryAfterMs?: number }).retryAfterMs ?? null);
      if (err.kind === 'rate_limited') this.opts.limiter.gate(this.budget).pause(delay);
      this.opts.log?.debug({ perfPath: path, attempt, kind: err.kind, status: err.httpStatus, delayMs: Math.round(delay) }, 'performance request retry');
      await sleep(delay, signal);
    }
  }

  private async once(method: string, url: string, path: string, query: Record<string, string[]>, body: unknown, logged: unknown, token: string | null, attempt: number, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 30_000);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const observe = (status: number | null): void => this.opts.onExchange?.({ method, path, query, request: logged, status, attempt });
    const perfPath = `performance:${path}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, signal: sig, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      text = await res.text();
    } catch (e) {
      observe(null);
      if (signal?.aborted) throw signal.reason ?? e;
      throw new OzonApiError({ kind: timeout.aborted ? 'timeout' : 'network', path: perfPath, ozonMessage: timeout.aborted ? 'timed out' : 'connection failed' });
    }
    observe(res.status);
    let json: unknown = null;
    try {
      json = text ? parseJsonLossless(text) : {};
    } catch {
      if (res.ok) throw new OzonApiError({ kind: 'bad_response', path: perfPath, httpStatus: res.status, ozonMessage: 'response is not JSON' });
    }
    if (res.ok) return json;
    const message = json && typeof json === 'object' ? String((json as { error?: unknown; message?: unknown }).error ?? (json as { message?: unknown }).message ?? '') : '';
    const kind: OzonErrorKind = res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'permission' : res.status === 429 ? 'rate_limited' : res.status >= 500 ? 'unavailable' : 'rejected';
    const err = new OzonApiError({ kind, path: perfPath, httpStatus: res.status, ozonMessage: message.slice(0, 200) });
    const ra = res.headers.get('retry-after');
    if (ra && /^\d+$/.test(ra)) (err as OzonApiError & { retryAfterMs?: number }).retryAfterMs = Number(ra) * 1000;
    throw err;
  }
}

/** A Performance API failure (as opposed to a Seller API one): never a reason to stop the store's Seller import. */
export const isPerformanceError = (e: unknown): e is OzonApiError => e instanceof OzonApiError && e.path.startsWith('performance:');
