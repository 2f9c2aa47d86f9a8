import type { Locale } from '../../shared/http/common';

/** OS locale tag → app locale: zh* → zh-CN, ru* → ru, everything else en. */
export function localeFromOs(tag: string | null | undefined): Locale {
  const t = (tag ?? '').trim().toLowerCase().replace('_', '-');
  if (t.startsWith('zh')) return 'zh-CN';
  if (t.startsWith('ru')) return 'ru';
  return 'en';
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
