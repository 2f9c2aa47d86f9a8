/**
 * Stable machine codes shared by the server (problem+json `code`), the main
 * process and the renderer (which localizes them as `errors.<code>`).
 * Codes are part of the public contract: never rename one, only add.
 */
/**
 * Codes only the desktop core produces, never sent by the server. A server
 * answering with one of these is not believed (the client maps the response
 * by its HTTP status instead).
 */
const CLIENT_ONLY = [
  'SERVER_UNREACHABLE',
  'SERVER_URL_INVALID',
  'SERVER_INCOMPATIBLE',
  'KEYCHAIN_UNAVAILABLE',
  'NOT_SIGNED_IN',
  'EXTERNAL_URL_REFUSED',
  'IPC_SENDER_REFUSED',
  'IPC_UNKNOWN_CHANNEL',
  'IPC_BAD_OUTPUT',
  // local cache and sync (issue 4)
  'CACHE_FROM_NEWER_VERSION', // the local cache was written by a newer Sellerdesk: update the app (the file is left untouched)
  'CACHE_UNAVAILABLE', // the local cache database could not be opened (disk full, permissions, corrupt file)
  'STORE_NOT_SELECTED', // no Ozon store is selected or the store is not in the local cache yet
  'DEMO_EMBEDDED_ONLY', // a demo store runs only with the workspace embedded on this computer
] as const;

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
  // Ozon stores (issue 3)
  'OZON_KEY_INVALID', // Ozon refused the Client-Id/Api-Key pair (wrong or unknown key)
  'OZON_KEY_EXPIRED', // the key passed its expiry date: generate a new one in the Ozon seller cabinet
  'OZON_KEY_REVOKED', // the key was deactivated before its expiry
  'OZON_KEY_DEACTIVATED', // Ozon says the key is deactivated and we cannot tell whether it expired or was revoked
  'OZON_UNREACHABLE', // network failure, timeout or Ozon 5xx after retries
  'OZON_RATE_LIMITED', // Ozon kept answering 429 after our back-off
  'OZON_REQUEST_REJECTED', // Ozon answered 4xx to a request we built (a bug or an API change); `detail` has Ozon's message
  'STORE_ALREADY_LINKED', // this Client-Id is already linked in the workspace
  'KEY_VAULT_UNAVAILABLE', // the OS keychain failed or SELLERDESK_MASTER_KEY is missing: keys cannot be stored
  ...CLIENT_ONLY,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const CLIENT_ONLY_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(CLIENT_ONLY);

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}
