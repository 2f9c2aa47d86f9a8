import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, localeFromLanguages, type Locale } from '../../../shared/http/common';
import { en } from './en';
import { ru } from './ru';
import { zhCN } from './zh-CN';
import { FEATURES } from './features/registry';

const merge = <T extends object>(core: T, pick: (f: (typeof FEATURES)[number]) => object): T => Object.assign({}, core, ...FEATURES.map(pick)) as T;

export const resources = {
  en: { translation: merge(en, (f) => f.en) },
  ru: { translation: merge(ru, (f) => f.ru) },
  'zh-CN': { translation: merge(zhCN, (f) => f.zhCN) },
} as const;

/** Each language names itself, so a person can find theirs whatever is shown now. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский', 'zh-CN': '简体中文' };

/** Before main tells us the saved language: the system's, if we speak it. */
export function guessLocale(languages: readonly string[]): Locale {
  return localeFromLanguages(languages) ?? 'en';
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export async function initI18n(initial: Locale): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: initial,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  setDocumentLanguage(initial);
}

function setDocumentLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function applyLanguage(locale: Locale): void {
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
  setDocumentLanguage(locale);
}

export { i18next };
