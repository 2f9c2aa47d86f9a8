/**
 * Problem+json (RFC 9457) with our stable `code`. Handlers throw AppError;
 * the error handler is the single place that turns anything into a Problem.
 */
import type { ErrorCode } from '../../shared/errors';
import type { Problem } from '../../shared/http/common';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const DEFAULT_STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  INTERNAL: 500,
  RATE_LIMITED: 429,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  CHALLENGE_EXPIRED: 410,
  CHALLENGE_NOT_FOUND: 404,
  INVALID_CODE: 400,
  CODE_RESEND_COOLDOWN: 429,
  CODE_SEND_LIMIT: 429,
  METHOD_NOT_AVAILABLE: 400,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_TOO_COMMON: 400,
  PASSWORD_TOO_LONG: 400,
  PASSWORD_SAME_AS_OLD: 400,
  WRONG_PASSWORD: 403,
  EMAIL_INVALID: 400,
  PHONE_INVALID: 400,
  IDENTIFIER_INVALID: 400,
  IDENTIFIER_TAKEN: 409,
  CONTACT_REQUIRED: 400,
  TWO_FACTOR_ALREADY_ENABLED: 409,
  TWO_FACTOR_NOT_ENABLED: 409,
  WORKSPACE_ALREADY_INITIALIZED: 409,
  WORKSPACE_NOT_INITIALIZED: 409,
  INVITATION_INVALID: 400,
  CANNOT_CHANGE_OWNER: 403,
  CANNOT_REMOVE_SELF: 403,
};

const TITLES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request does not match the expected schema',
  MALFORMED_JSON: 'The request body is not valid JSON',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type; send application/json',
  NOT_FOUND: 'Not found',
  INTERNAL: 'Internal server error',
  RATE_LIMITED: 'Too many requests',
  UNAUTHENTICATED: 'Sign-in required',
  FORBIDDEN: 'Your role does not allow this',
  INVALID_CREDENTIALS: 'Wrong login or password',
  ACCOUNT_LOCKED: 'The account is temporarily locked',
  ACCOUNT_DISABLED: 'The account is disabled',
};

export interface ProblemExtras {
  detail?: string;
  retryAfter?: number;
  lockedUntil?: string;
  permanent?: boolean;
  fields?: { path: string; code: string }[];
}

export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly extras: ProblemExtras;

  constructor(code: ErrorCode, extras: ProblemExtras = {}, status?: number) {
    super(extras.detail ?? code);
    this.name = 'AppError';
    this.code = code;
    this.status = status ?? DEFAULT_STATUS[code] ?? 400;
    this.extras = extras;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function toProblem(err: AppError): Problem {
  const p: Problem = {
    type: `https://sellerdesk.app/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[err.code] ?? err.code.toLowerCase().replace(/_/g, ' '),
    status: err.status,
    code: err.code,
  };
  const { detail, retryAfter, lockedUntil, permanent, fields } = err.extras;
  if (detail !== undefined) p.detail = detail;
  if (retryAfter !== undefined) p.retryAfter = Math.max(0, Math.ceil(retryAfter));
  if (lockedUntil !== undefined) p.lockedUntil = lockedUntil;
  if (permanent !== undefined) p.permanent = permanent;
  if (fields !== undefined) p.fields = fields;
  return p;
}
