/** The renderer's own message catalogues: tests compare what is shown with what the app means to show. */
export { en } from '../../../src/renderer/src/i18n/en';
export { ru } from '../../../src/renderer/src/i18n/ru';
export { zhCN } from '../../../src/renderer/src/i18n/zh-CN';

/**
 * A token as src/server/auth/tokens.ts makes them (its prefix, then 32 random bytes in base64url): none may ever be
 * written into a data dir. The whole token, not the 4-byte prefix alone: a multi-megabyte database can hold "sdd_"
 * by chance, which once failed a run with no token anywhere.
 */
export const TOKEN_PATTERN = /sd[ardl]_[A-Za-z0-9_-]{43}/;
