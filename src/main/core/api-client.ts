import { promisify } from 'node:util';
import zlib from 'node:zlib';
import axios, { type AxiosInstance, type Method } from 'axios';
import type { z } from 'zod';
import { CLIENT_ONLY_ERROR_CODES, isErrorCode, type ErrorCode } from '../../shared/errors';
import { parseAcceptEncoding } from '../../shared/http/accept-encoding';
import type { IpcError } from '../../shared/ipc/contract';
import { isLoopbackHostname } from '../security/urls';
import { AppError } from './errors';
import type { Logger } from './logger';

/**
 * HTTP client for one workspace server. Every answer becomes either the
 * parsed success body or an AppError carrying the problem+json fields the
 * renderer may see; transport failures become SERVER_UNREACHABLE.
 */
export interface ApiRequest<T> {
  method: Method;
  /** path under the base URL, e.g. /api/v1/me */
  path: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  accessToken?: string;
  schema: z.ZodType<T>;
  timeoutMs?: number;
  /** the request body's bound in bytes as sent (MAX_BODY unless the route takes more, as the sync push does) */
  maxBodyBytes?: number;
  /** a successful answer's headers (lower-case names), before its body is checked against `schema` */
  onHeaders?: (headers: Record<string, unknown>) => void;
}

export interface ApiClient {
  readonly baseUrl: string;
  request<T>(req: ApiRequest<T>): Promise<T>;
}

const MAX_BODY = 5 * 1024 * 1024;
/** Request bodies from this many characters go compressed, to a server that takes them (a bulk edit's push). */
const COMPRESS_BODY_MIN = 16 * 1024;
type BodyCoding = 'br' | 'gzip';
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/**
 * Brotli at quality 5: an uplink is the slow side of most links, and a push is
 * compressed once, off the event loop (zlib's thread pool), at ~150 MB/s.
 */
const codeBody = (text: string, coding: BodyCoding): Promise<Buffer> =>
  coding === 'br'
    ? brotli(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })
    : gzip(text, { level: 6 });

/** The coding a server's answer says it takes in request bodies (its Accept-Encoding, RFC 7694); null for none. */
export function requestCodingOf(header: unknown): BodyCoding | null {
  const weights = typeof header === 'string' ? parseAcceptEncoding(header) : null;
  const takes = (c: BodyCoding) => (weights?.get(c) ?? 0) > 0;
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : null;
}

/**
 * Schemas that take the answer's raw bytes (a Buffer) instead of parsed JSON,
 * with their own size limit: the sync pull reads its pages without decoding
 * the rows (src/shared/sync/page-bytes.ts). Error answers are still parsed
 * as problem+json.
 */
const BYTES_SCHEMAS = new WeakMap<z.ZodType, number>();
export function bytesSchema<T extends z.ZodType>(schema: T, maxBytes: number): T {
  BYTES_SCHEMAS.set(schema, maxBytes);
  return schema;
}

function statusToCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  // a reverse proxy in front of a stopped server
  if (status === 502 || status === 503 || status === 504) return 'SERVER_UNREACHABLE';
  return 'INTERNAL';
}

/** problem+json → IpcError, keeping only the documented fields. */
export function problemToIpcError(status: number, data: unknown, retryAfterHeader?: unknown): IpcError {
  const p = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const code: ErrorCode = isErrorCode(p.code) && !CLIENT_ONLY_ERROR_CODES.has(p.code) ? p.code : statusToCode(status);
  const err: IpcError = { code };
  if (typeof p.retryAfter === 'number' && Number.isFinite(p.retryAfter) && p.retryAfter >= 0) err.retryAfter = p.retryAfter;
  else if (retryAfterHeader !== undefined && (code === 'RATE_LIMITED' || code === 'CODE_RESEND_COOLDOWN')) {
    const n = Number(retryAfterHeader);
    if (Number.isFinite(n) && n >= 0) err.retryAfter = n;
  }
  if (typeof p.lockedUntil === 'string' && p.lockedUntil.length <= 40) err.lockedUntil = p.lockedUntil;
  if (typeof p.permanent === 'boolean') err.permanent = p.permanent;
  if (Array.isArray(p.fields)) {
    const fields = p.fields
      .filter((f): f is { path: string; code: string } => !!f && typeof f.path === 'string' && typeof f.code === 'string')
      .slice(0, 50)
      .map((f) => ({ path: f.path.slice(0, 200), code: f.code.slice(0, 64) }));
    if (fields.length) err.fields = fields;
  }
  return err;
}


export interface ApiClientOptions {
  /**
   * Ask for compressed answers (br, gzip; the server compresses the large ones,
   * sync pages above all). Default: only from a server across a network: on
   * this machine compressing and inflating cost both sides CPU and save no time.
   */
  compressed?: boolean;
}

export function createApiClient(baseUrl: string, logger: Logger, opts: ApiClientOptions = {}): ApiClient {
  const loopback = isLoopbackHostname(new URL(baseUrl).hostname);
  const compressed = opts.compressed ?? !loopback;
  // what the server said it takes in request bodies, from its latest answer (none until it has answered); a coded body
  // once refused with 415 (a proxy before the server, say) turns coding off for good, whatever answers say after
  let bodyCoding: BodyCoding | null = null;
  let codingRefused = false;
  const http: AxiosInstance = axios.create({
    baseURL: baseUrl,
    adapter: 'http',
    timeout: 20_000,
    maxRedirects: 0,
    maxContentLength: MAX_BODY,
    maxBodyLength: MAX_BODY,
    // a local server is never reached through a proxy
    proxy: loopback ? false : undefined,
    validateStatus: () => true,
    responseType: 'json',
    // axios inflates what comes (maxContentLength counts the inflated bytes, so a small bomb is cut off there)
    headers: { Accept: 'application/json', 'Accept-Encoding': compressed ? 'br, gzip' : 'identity' },
  });

  return {
    baseUrl,
    async request<T>(req: ApiRequest<T>): Promise<T> {
      const headers: Record<string, string> = {};
      if (req.accessToken) headers.Authorization = `Bearer ${req.accessToken}`;
      // the server takes JSON only: body-less POST/PATCH/PUT send {}
      const body = req.body === undefined && ['POST', 'PUT', 'PATCH'].includes(req.method.toUpperCase()) ? {} : req.body;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const maxBytes = BYTES_SCHEMAS.get(req.schema);
      const text = body === undefined ? undefined : JSON.stringify(body);
      const send = async (coding: BodyCoding | null) =>
        http.request({
          method: req.method,
          url: req.path,
          params: req.query,
          data: coding && text !== undefined ? await codeBody(text, coding) : text,
          headers: coding ? { ...headers, 'Content-Encoding': coding } : headers,
          timeout: req.timeoutMs,
          ...(req.maxBodyBytes === undefined ? {} : { maxBodyLength: req.maxBodyBytes }),
          ...(maxBytes === undefined ? {} : { responseType: 'arraybuffer' as const, maxContentLength: maxBytes }),
        });
      let res;
      try {
        const coding = compressed && !codingRefused && text !== undefined && text.length >= COMPRESS_BODY_MIN ? bodyCoding : null;
        res = await send(coding);
        bodyCoding = requestCodingOf(res.headers['accept-encoding']);
        if (coding && res.status === 415) {
          codingRefused = true;
          res = await send(null);
        }
      } catch (e) {
        // an answer past its size bound (counted inflated, so a small compressed bomb too) reached us: the server is
        // off the contract, not away. axios gives this case no code of its own, only its message
        if (axios.isAxiosError(e) && e.code === 'ERR_BAD_RESPONSE' && e.message.includes('maxContentLength')) {
          throw offContract(logger, req.path, ['answer larger than the client takes']);
        }
        // never log the axios error object itself: its config holds the Authorization header
        logger.warn('server request failed', {
          path: req.path,
          error: axios.isAxiosError(e) ? (e.code ?? e.message) : e instanceof Error ? e.message : 'unknown',
        });
        throw new AppError('SERVER_UNREACHABLE');
      }
      if (res.status >= 300) {
        if (res.status < 400) throw new AppError('SERVER_INCOMPATIBLE'); // redirects are not followed
        const problem = problemToIpcError(res.status, maxBytes === undefined ? res.data : jsonOf(res.data), res.headers['retry-after']);
        throw new AppError(problem.code, stripCode(problem));
      }
      req.onHeaders?.({ ...res.headers });
      const parsed = req.schema.safeParse(res.data);
      if (!parsed.success) throw offContract(logger, req.path, parsed.error.issues);
      return parsed.data;
    },
  };
}

/** An answer off the contract: logged with its first issues (paths and codes, never values), SERVER_INCOMPATIBLE to throw. */
export function offContract(logger: Logger | undefined, path: string, issues: readonly (z.core.$ZodIssue | string)[]): AppError {
  logger?.error('server answer did not match the contract', {
    path,
    issues: issues.slice(0, 5).map((i) => (typeof i === 'string' ? i : `${i.path.join('.')}: ${i.code}`)),
  });
  return new AppError('SERVER_INCOMPATIBLE');
}

/** A raw (bytes) answer as JSON, for error bodies; undefined when it is not JSON. */
function jsonOf(data: unknown): unknown {
  try {
    return Buffer.isBuffer(data) ? (JSON.parse(data.toString('utf8')) as unknown) : data;
  } catch {
    return undefined;
  }
}

function stripCode(e: IpcError): Omit<IpcError, 'code'> {
  const rest: Partial<IpcError> = { ...e };
  delete rest.code;
  return rest;
}
