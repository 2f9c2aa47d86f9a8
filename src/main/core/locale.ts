import { localeFromLanguages, type Locale } from '../../shared/http/common';

/** OS locale tag (`ru_RU.UTF-8`, `zh-TW`) → app locale, as a window's languages map (localeFromLanguages); else en. */
export function localeFromOs(tag: string | null | undefined): Locale {
  return localeFromLanguages([tag ?? '']) ?? 'en';
}

/** Best guess without Electron: LC_ALL/LC_MESSAGES/LANG, then Intl. */
export function detectOsLocaleTag(env: NodeJS.ProcessEnv = process.env): string {
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[k];
    if (v && v !== 'C' && v !== 'POSIX' && !v.startsWith('C.')) return v;
  }
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return 'en';
  }
}
