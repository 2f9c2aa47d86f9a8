/**
 * Ozon failures as one typed error. Ozon's body is `rpcStatus`
 * {code, message, details}; `code` is a gRPC number in practice but a string
 * ("RESOURCE_EXHAUSTED") in the spec's own 429 example, so both are kept.
 *
 * `ambiguous`: the request may have been applied although we got no answer
 * (timeout, dropped connection after sending, 5xx on a write). A caller must
 * never resend such a write blindly: it reads the state back first.
 */

export type OzonErrorKind =
  | 'unauthenticated' // 401 / code 16: headers missing or not accepted
  | 'permission' // 403 / code 7: invalid, deactivated key or missing role
  | 'rate_limited' // 429 / code 8
  | 'unavailable' // 5xx incl. 503 "Circle is open"
  | 'timeout'
  | 'network' // connection refused/reset/dropped
  | 'rejected' // other 4xx: our request is wrong for Ozon
  | 'bad_response'; // 200 whose body does not match the schema we rely on

export interface OzonErrorInit {
  kind: OzonErrorKind;
  path: string;
  httpStatus?: number;
  code?: number | string | null;
  ozonMessage?: string;
  details?: unknown[];
  ambiguous?: boolean;
  cause?: unknown;
}

export class OzonApiError extends Error {
  readonly kind: OzonErrorKind;
  readonly path: string;
  readonly httpStatus: number | null;
  readonly code: number | string | null;
  readonly ozonMessage: string;
  readonly details: unknown[];
  readonly ambiguous: boolean;

  constructor(init: OzonErrorInit) {
    super(`Ozon ${init.path}: ${init.kind}${init.httpStatus ? ` ${init.httpStatus}` : ''}${init.ozonMessage ? ` – ${init.ozonMessage}` : ''}`, { cause: init.cause });
    this.name = 'OzonApiError';
    this.kind = init.kind;
    this.path = init.path;
    this.httpStatus = init.httpStatus ?? null;
    this.code = init.code ?? null;
    this.ozonMessage = init.ozonMessage ?? '';
    this.details = init.details ?? [];
    this.ambiguous = init.ambiguous ?? false;
  }

  /** Ozon says the key is deactivated (expired or revoked) rather than unknown. */
  get keyDeactivated(): boolean {
    return this.kind === 'permission' && /deactivated|expired|revoked|заблокирован|истек/i.test(this.ozonMessage);
  }

  get isAuth(): boolean {
    return this.kind === 'unauthenticated' || (this.kind === 'permission' && /api-?key|client-id|deactivated/i.test(this.ozonMessage));
  }
}

export function isOzonError(e: unknown): e is OzonApiError {
  return e instanceof OzonApiError;
}

/** Parses Ozon's error body leniently: any of code/message/details may be missing or oddly typed. */
export function parseRpcStatus(body: unknown): { code: number | string | null; message: string; details: unknown[] } {
  if (!body || typeof body !== 'object') return { code: null, message: '', details: [] };
  const b = body as Record<string, unknown>;
  const code = typeof b.code === 'number' || typeof b.code === 'string' ? b.code : null;
  const message = typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : '';
  return { code, message, details: Array.isArray(b.details) ? b.details : [] };
}

const GRPC_NAMES: Record<string, number> = { UNAUTHENTICATED: 16, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, INTERNAL: 13, INVALID_ARGUMENT: 3, NOT_FOUND: 5, DEADLINE_EXCEEDED: 4 };

/** gRPC code as a number whether Ozon sent 8 or "RESOURCE_EXHAUSTED". */
export function grpcCode(code: number | string | null): number | null {
  if (typeof code === 'number') return code;
  if (typeof code === 'string') return GRPC_NAMES[code.toUpperCase()] ?? (/^\d+$/.test(code) ? Number(code) : null);
  return null;
}

export function classify(httpStatus: number, code: number | string | null, message: string): OzonErrorKind {
  const g = grpcCode(code);
  if (httpStatus === 429 || g === 8) return 'rate_limited';
  if (httpStatus === 401 || g === 16) return 'unauthenticated';
  if (httpStatus === 403 || g === 7) return 'permission';
  if (httpStatus >= 500 || g === 14 || g === 13 || /circle is open/i.test(message)) return 'unavailable';
  return 'rejected';
}
