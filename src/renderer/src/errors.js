import { formatDateTime } from './lib/format';
/** One localized sentence for an IpcError. Every ErrorCode has `errors.<code>` in every language. */
export function errorMessage(t, e, opts) {
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
            if (e.permanent)
                return t('errorDetails.lockedPermanent');
            if (e.lockedUntil) {
                const until = formatDateTime(e.lockedUntil, opts.locale);
                if (until)
                    return t('errorDetails.lockedUntil', { until });
            }
            return t('errors.ACCOUNT_LOCKED');
        }
        default:
            return t(`errors.${e.code}`);
    }
}
/** Codes that point at one input; forms map the generic name to their own field names. */
const CODE_FIELD = {
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
const FIELD_CODES = ['required', 'too_small', 'too_big', 'invalid_format', 'invalid_type', 'invalid_value'];
export function fieldMessage(t, code) {
    if (FIELD_CODES.includes(code))
        return t(`fieldErrors.${code}`);
    if (/^[A-Z_]+$/.test(code)) {
        const msg = t(`errors.${code}`);
        if (msg !== `errors.${code}`)
            return msg;
    }
    return t('fieldErrors.invalid');
}
/**
 * Which form fields an error concerns. `fieldNames` are the form's own names;
 * `alias` renames contract paths / generic names (e.g. password → newPassword).
 */
export function fieldErrorsFor(t, e, fieldNames, alias = {}) {
    const resolve = (path) => {
        const candidates = [path, path.split('.')[0] ?? path];
        for (const c of candidates) {
            const name = alias[c] ?? c;
            if (fieldNames.includes(name))
                return name;
        }
        return null;
    };
    const out = new Map();
    if (e.code === 'VALIDATION_FAILED') {
        for (const f of e.fields ?? []) {
            const name = resolve(f.path);
            if (name)
                out.set(name, [...(out.get(name) ?? []), fieldMessage(t, f.code)]);
        }
    }
    else {
        const generic = alias[e.code] ?? CODE_FIELD[e.code];
        const name = generic ? resolve(generic) : null;
        if (name)
            out.set(name, [t(`errors.${e.code}`)]);
    }
    return [...out].map(([name, errors]) => ({ name, errors }));
}
/** Errors that end the current sign-in attempt: the only way on is to start over. */
export function isChallengeDead(code) {
    return code === 'CHALLENGE_EXPIRED' || code === 'CHALLENGE_NOT_FOUND';
}
