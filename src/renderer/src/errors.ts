import type { ErrorCode } from '../../shared/errors';
import type { IpcError } from '../../shared/ipc/contract';
import { formatDateTime } from './lib/format';

/** The translate function, loosely typed so pure helpers stay testable with a plain i18next instance. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface ErrorTextOptions {
  locale: string;
  /** live seconds left for RATE_LIMITED / CODE_RESEND_COOLDOWN; falls back to `retryAfter` */
  secondsLeft?: number | null;
}

/** One localized sentence for an IpcError. Every ErrorCode has `errors.<code>` in every language. */
export function errorMessage(t: Translate, e: IpcError, opts: ErrorTextOptions): string {
  switch (e.code) {
    case 'RATE_LIMITED':
    case 'CODE_RESEND_COOLDOWN': {
      const seconds = opts.secondsLeft ?? e.retryAfter;
      if (typeof seconds === 'number' && seconds > 0) {
        const key = e.code === 'RATE_LIMITED' ? 'errorDetails.rateLimitedWait' : 'errorDetails.resendCooldownWait';
        return t(key, { seconds: Math.ceil(seconds) });
      }
      return t(`errors.${e.code}`);
    }
    case 'ACCOUNT_LOCKED': {
      if (e.permanent) return t('errorDetails.lockedPermanent');
      if (e.lockedUntil) {
        const until = formatDateTime(e.lockedUntil, opts.locale);
        if (until) return t('errorDetails.lockedUntil', { until });
      }
      return t('errors.ACCOUNT_LOCKED');
    }
    default:
      return t(`errors.${e.code}`);
  }
}

/** Codes that point at one input; forms map the generic name to their own field names. */
const CODE_FIELD: Partial<Record<ErrorCode, string>> = {
  PASSWORD_TOO_SHORT: 'password',
  PASSWORD_TOO_COMMON: 'password',
  PASSWORD_TOO_LONG: 'password',
  PASSWORD_SAME_AS_OLD: 'password',
  WRONG_PASSWORD: 'currentPassword',
  EMAIL_INVALID: 'email',
  PHONE_INVALID: 'phone',
  IDENTIFIER_INVALID: 'identifier',
  IDENTIFIER_TAKEN: 'identifier',
  CONTACT_REQUIRED: 'email',
  INVALID_CODE: 'code',
  SERVER_URL_INVALID: 'url',
};

const FIELD_CODES = ['required', 'too_small', 'too_big', 'invalid_format', 'invalid_type', 'invalid_value'] as const;

export function fieldMessage(t: Translate, code: string): string {
  if ((FIELD_CODES as readonly string[]).includes(code)) return t(`fieldErrors.${code}`);
  if (/^[A-Z_]+$/.test(code)) {
    const msg = t(`errors.${code}`);
    if (msg !== `errors.${code}`) return msg;
  }
  return t('fieldErrors.invalid');
}

export interface FieldError<N extends string = string> {
  name: N;
  errors: string[];
}

/**
 * Which form fields an error concerns. `fieldNames` are the form's own names;
 * `alias` renames contract paths / generic names (e.g. password → newPassword).
 */
export function fieldErrorsFor<const N extends string>(
  t: Translate,
  e: IpcError,
  fieldNames: readonly N[],
  alias: Readonly<Record<string, NoInfer<N>>> = {},
): FieldError<N>[] {
  const resolve = (path: string): N | null => {
    const candidates = [path, path.split('.')[0] ?? path];
    for (const c of candidates) {
      const name: string = alias[c] ?? c;
      if ((fieldNames as readonly string[]).includes(name)) return name as N;
    }
    return null;
  };
  const out = new Map<N, string[]>();
  if (e.code === 'VALIDATION_FAILED') {
    for (const f of e.fields ?? []) {
      const name = resolve(f.path);
      if (name) out.set(name, [...(out.get(name) ?? []), fieldMessage(t, f.code)]);
    }
  } else {
    const generic = alias[e.code] ?? CODE_FIELD[e.code];
    const name = generic ? resolve(generic) : null;
    if (name) out.set(name, [t(`errors.${e.code}`)]);
  }
  return [...out].map(([name, errors]) => ({ name, errors }));
}

/** Errors that end the current sign-in attempt: the only way on is to start over. */
export function isChallengeDead(code: ErrorCode): boolean {
  return code === 'CHALLENGE_EXPIRED' || code === 'CHALLENGE_NOT_FOUND';
}
