/**
 * Stable machine codes shared by the server (problem+json `code`), the main
 * process and the renderer (which localizes them as `errors.<code>`).
 * Codes are part of the public contract: never rename one, only add.
 */
export const ERROR_CODES = [
  // generic
  'VALIDATION_FAILED', // body/query did not match the schema; `fields` lists the paths
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'INTERNAL',
  'RATE_LIMITED', // 429; `retryAfter` seconds
  'UNAUTHENTICATED', // missing/expired/revoked access token
  'FORBIDDEN', // role does not allow it
  'CONFLICT',
  // sign-in
  'INVALID_CREDENTIALS', // one generic message for unknown account and wrong password
  'ACCOUNT_LOCKED', // `lockedUntil` ISO time, or `permanent: true`
  'ACCOUNT_DISABLED',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_NOT_FOUND',
  'INVALID_CODE', // wrong, expired or already used one-time/TOTP/recovery code
  'CODE_RESEND_COOLDOWN', // `retryAfter` seconds
  'CODE_SEND_LIMIT', // resend cap reached for this challenge
  'METHOD_NOT_AVAILABLE', // e.g. SMS asked but the account has no phone
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED', // a rotated refresh token came back: the whole session is revoked
  // passwords and accounts
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_TOO_LONG',
  'PASSWORD_SAME_AS_OLD',
  'WRONG_PASSWORD', // re-authentication inside a signed-in session
  'EMAIL_INVALID',
  'PHONE_INVALID',
  'IDENTIFIER_INVALID',
  'IDENTIFIER_TAKEN',
  'CONTACT_REQUIRED', // need an email or a phone
  'TWO_FACTOR_ALREADY_ENABLED',
  'TWO_FACTOR_NOT_ENABLED',
  // workspace
  'WORKSPACE_ALREADY_INITIALIZED',
  'WORKSPACE_NOT_INITIALIZED',
  'INVITATION_INVALID',
  'CANNOT_CHANGE_OWNER',
  'CANNOT_REMOVE_SELF',
  // client side (main process), never sent by the server
  'SERVER_UNREACHABLE',
  'SERVER_URL_INVALID',
  'SERVER_INCOMPATIBLE',
  'KEYCHAIN_UNAVAILABLE',
  'NOT_SIGNED_IN',
  'EXTERNAL_URL_REFUSED',
  'IPC_SENDER_REFUSED',
  'IPC_UNKNOWN_CHANNEL',
  'IPC_BAD_OUTPUT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}
