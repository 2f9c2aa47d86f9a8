/** The renderer's own message catalogues: tests compare what is shown with what the app means to show. */
export { en } from '../../../src/renderer/src/i18n/en';
export { ru } from '../../../src/renderer/src/i18n/ru';
export { zhCN } from '../../../src/renderer/src/i18n/zh-CN';

/** Token prefixes (src/server/auth/tokens.ts): none of them may ever be written into a data dir. */
export const TOKEN_PREFIXES = ['sda_', 'sdr_', 'sdd_', 'sdl_'];
