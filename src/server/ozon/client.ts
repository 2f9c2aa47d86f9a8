/**
 * The Seller API client: one instance per store (its Client-Id and Api-Key),
 * sharing the process-wide OzonLimiter. Every call is a POST with a JSON body.
 *
 * Invariants:
 * - The Api-Key is only ever put in the request header; it is not logged, not
 *   part of any error message, and not kept on an enumerable property.
 * - Reads (idempotent) are retried on 429, 5xx, timeouts and dropped
 *   connections with exponential back-off and full jitter.
 * - Writes are retried only when Ozon certainly did not process them (429,
 *   "Circle is open", connection refused before sending). Anything else is
 *   thrown as `ambiguous` so the job layer reads the state back before any resend.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { OzonApiError, classify, parseRpcStatus } from './errors';
import { sleep } from './gate';
import { parseJsonLossless, stringifyLossless } from './json';
import type { OzonLimiter } from './limits';

export const OZON_SELLER_URL = 'https://api-seller.ozon.ru';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 300, maxDelayMs: 20_000 };

export interface OzonExchange {
  /** POST for almost every Seller API method; GET for the few reads that are GETs (/v1/actions) */
  method: 'GET' | 'POST';
  path: string;
  request: unknown;
  status: number | null;
  attempt: number;
}

export interface OzonClientOptions {
  baseUrl: string;
  clientId: string;
  apiKey: string;
  limiter: OzonLimiter;
  /** the limiter budget this client draws from (default the Client-Id; a sandbox store has its own) */
  limiterKey?: string;
  log?: FastifyBaseLogger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** observes every exchange (contract tests, metrics); gets no headers */
  onExchange?: (e: OzonExchange) => void;
}

export interface CallOptions {
  /** default true: Seller API reads are POSTs but safe to repeat */
  idempotent?: boolean;
  /** default POST; a few reads are GETs (/v1/actions) and then take no body */
  method?: 'GET' | 'POST';
  signal?: AbortSignal;
}

export class OzonClient {
  readonly clientId: string;
  readonly baseUrl: string;
  private readonly budget: string;
  private readonly headers: () => Record<string, string>;
  private readonly retry: RetryPolicy;
  private readonly opts: Omit<OzonClientOptions, 'apiKey'>;

  constructor(options: OzonClientOptions) {
    const { apiKey, ...rest } = options;
    this.opts = rest;
    this.clientId = rest.clientId;
    this.baseUrl = rest.baseUrl.replace(/\/+$/, '');
    this.budget = rest.limiterKey ?? rest.clientId;
    // closure, not a field: the key does not show up when the client is logged or inspected
    this.headers = () => ({ 'Client-Id': rest.clientId, 'Api-Key': apiKey, 'Content-Type': 'application/json', Accept: 'application/json' });
    this.retry = { ...DEFAULT_RETRY, ...rest.retry };
  }

  /** POSTs `body` to `path`, validates the answer with `schema`. */
  async call<S extends z.ZodTypeAny>(path: string, body: unknown, schema: S, o: CallOptions = {}): Promise<z.output<S>> {
    const raw = await this.send(path, body, o);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new OzonApiError({ kind: 'bad_response', path, httpStatus: 200, ozonMessage: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    return parsed.data;
  }

  /** The raw JSON answer (large integers as strings). */
  async send(path: string, body: unknown, o: CallOptions = {}): Promise<unknown> {
    const idempotent = o.idempotent ?? true;
    const payload = o.method === 'GET' ? '' : stringifyLossless(body ?? {});
    for (let attempt = 1; ; attempt++) {
      await this.opts.limiter.acquire(this.budget, path, o.signal);
      let err: OzonApiError;
      try {
        return await this.once(path, payload, body, attempt, o.signal, o.method ?? 'POST');
      } catch (e) {
        if (!(e instanceof OzonApiError)) throw e;
        err = e;
      }
      if (o.signal?.aborted) throw err;
      const retryable = idempotent ? isRetryableRead(err) : isSafeToResendWrite(err);
      if (!retryable || attempt >= this.retry.maxAttempts) {
        if (!idempotent && !isSafeToResendWrite(err) && err.kind !== 'rejected' && err.kind !== 'permission' && err.kind !== 'unauthenticated') {
          throw new OzonApiError({ kind: err.kind, path, httpStatus: err.httpStatus ?? undefined, code: err.code, ozonMessage: err.ozonMessage, details: err.details, ambiguous: true, cause: err });
        }
        throw err;
      }
      const delay = backoffDelay(attempt, this.retry, retryAfterMs(err));
      if (err.kind === 'rate_limited') this.opts.limiter.backOff(this.budget, path, delay);
      this.opts.log?.debug({ ozonPath: path, attempt, kind: err.kind, status: err.httpStatus, delayMs: Math.round(delay) }, 'ozon request retry');
      await sleep(delay, o.signal);
    }
  }

  private async once(path: string, payload: string, body: unknown, attempt: number, signal?: AbortSignal, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 30_000);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, method === 'GET' ? { method, headers: this.headers(), signal: sig } : { method, headers: this.headers(), body: payload, signal: sig });
    } catch (e) {
      this.opts.onExchange?.({ method, path, request: body, status: null, attempt });
      if (signal?.aborted) throw signal.reason ?? e;
      const timedOut = timeout.aborted;
      const refused = /ECONNREFUSED/.test(String((e as { cause?: { code?: string } }).cause?.code ?? ''));
      throw new OzonApiError({ kind: timedOut ? 'timeout' : 'network', path, ozonMessage: refused ? 'connection refused' : timedOut ? 'timed out' : 'connection failed', ambiguous: !refused, cause: sanitize(e) });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      this.opts.onExchange?.({ method, path, request: body, status: res.status, attempt });
      if (signal?.aborted) throw signal.reason ?? e;
      throw new OzonApiError({ kind: timeout.aborted ? 'timeout' : 'network', path, httpStatus: res.status, ozonMessage: 'response interrupted', ambiguous: true });
    }
    this.opts.onExchange?.({ method, path, request: body, status: res.status, attempt });
    let json: unknown = null;
    try {
      json = text ? parseJsonLossless(text) : {};
    } catch {
      if (res.ok) throw new OzonApiError({ kind: 'bad_response', path, httpStatus: res.status, ozonMessage: 'response is not JSON' });
    }
    if (res.ok) return json;
    const rpc = parseRpcStatus(json);
    const err = new OzonApiError({ kind: classify(res.status, rpc.code, rpc.message), path, httpStatus: res.status, code: rpc.code, ozonMessage: rpc.message || text.slice(0, 200), details: rpc.details });
    const ra = res.headers.get('retry-after');
    if (ra && /^\d+$/.test(ra)) (err as OzonApiError & { retryAfterMs?: number }).retryAfterMs = Number(ra) * 1000;
    throw err;
  }
}

/** fetch errors can carry the request (and its headers) in their cause: keep only the message and code. */
function sanitize(e: unknown): Error {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return new Error(`${(e as Error).message ?? 'fetch failed'}${cause?.code ? ` (${cause.code})` : ''}`);
}

export function isRetryableRead(e: OzonApiError): boolean {
  return e.kind === 'rate_limited' || e.kind === 'unavailable' || e.kind === 'timeout' || e.kind === 'network';
}

/** Ozon refused without processing: 429, an open circle breaker, or no connection at all. */
export function isSafeToResendWrite(e: OzonApiError): boolean {
  if (e.kind === 'rate_limited') return true;
  if (e.kind === 'unavailable' && /circle is open/i.test(e.ozonMessage)) return true;
  return e.kind === 'network' && !e.ambiguous;
}

function retryAfterMs(e: OzonApiError): number | null {
  const ra = (e as OzonApiError & { retryAfterMs?: number }).retryAfterMs;
  if (ra) return ra;
  const m = /retry after (\d+) seconds/i.exec(e.ozonMessage);
  return m ? Number(m[1]) * 1000 : null;
}

/** Exponential back-off with full jitter (uniform in [0, min(cap, base·2^(n-1))]); a Retry-After hint is a floor. */
export function backoffDelay(attempt: number, p: RetryPolicy, hintMs: number | null = null, random = Math.random): number {
  const ceiling = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
  const jittered = random() * ceiling;
  return hintMs !== null ? Math.max(hintMs, jittered) : jittered;
}
